//go:build generate

// Package tools pins the version of tfplugindocs that generates this
// provider's documentation. `make docs` (scripts/docs.sh) runs it; so does
// `go generate -tags generate ./...` here, as in the scaffolding.
package tools

import (
	// Documentation generation.
	_ "github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs"
)

//go:generate ../scripts/docs.sh

// Command terraform-provider-openvpn serves the OpenVPN provider to Terraform.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/vpnops/terraform-provider-openvpn/provider"
)

// version and commit are stamped by the release build (.goreleaser.yml's
// ldflags: -X main.version=… -X main.commit=…). The linker ignores -X for a
// variable that does not exist, so TestMirrorInstall checks that both reach
// the log.
var (
	version = "dev"
	commit  = ""
)

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	build := provider.Build{Version: version, Commit: commit}
	// Terraform reads a plugin's stderr from its start and logs a line that
	// begins with [INFO] at INFO (TF_LOG=INFO, or TF_LOG_PROVIDER=INFO), so
	// a debug log names the build before anything else happens.
	fmt.Fprintf(os.Stderr, "[INFO] terraform-provider-openvpn %s starting\n", build)

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	server, err := provider.NewProtocolServer(build)()
	if err == nil {
		err = tf6server.Serve(provider.Address, func() tfprotov6.ProviderServer { return server }, opts...)
	}
	if err != nil {
		log.Fatal(err.Error())
	}
}

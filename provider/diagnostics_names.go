package provider

import (
	"errors"
	"fmt"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// notListedDetail words a selector or allow-list name that no session can
// ever be told by (management.CheckListed*): the fact, then what to use.
// column is the attribute's word for it ("common name").
func notListedDetail(column string, err error) string {
	detail := fmt.Sprintf("No connected session can ever have this %s, so nothing was sent to the daemon: %v. ", column, err)
	var nl *management.NotListedError
	if errors.As(err, &nl) && nl.Placeholder && column == commonNameSelector.column {
		return detail + "A session whose certificate is really named UNDEF is listed by the openvpn_clients data " +
			"source (unfiltered) with its client_id: end it with openvpn_client_kill by client_id. " +
			"openvpn_client_allowlist never allows it by name, and ends it once it has finished negotiating."
	}
	return detail + "Use the value exactly as the openvpn_clients data source shows it."
}

# The allow-list is one per daemon, so its import ID is fixed. Import ends
# nothing: the next plan compares the configuration's declaration with the
# connected sessions.
terraform import openvpn_client_allowlist.this client_allowlist
# On the daemon "vpn2" of the provider's daemons, the ID names it.
terraform import 'openvpn_client_allowlist.each["vpn2"]' vpn2/client_allowlist

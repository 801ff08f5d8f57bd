# The allow-list is one per daemon, so its import ID is fixed. Import ends
# nothing: the next plan compares the configuration's declaration with the
# connected sessions.
terraform import openvpn_client_allowlist.this client_allowlist

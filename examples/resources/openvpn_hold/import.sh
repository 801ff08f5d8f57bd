# The import ID is the setting name: the resource is a singleton of the daemon.
terraform import openvpn_hold.this hold
# On the daemon "vpn2" of the provider's daemons, the ID names it.
terraform import 'openvpn_hold.each["vpn2"]' vpn2/hold

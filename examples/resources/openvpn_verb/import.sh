# The import ID is the setting name: the resource is a singleton of the daemon.
terraform import openvpn_verb.this verb

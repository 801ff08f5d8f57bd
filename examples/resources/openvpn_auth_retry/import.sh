# The import ID is the setting name: the resource is a singleton of the daemon.
terraform import openvpn_auth_retry.this auth_retry

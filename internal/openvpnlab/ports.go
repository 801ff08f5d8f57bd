package openvpnlab

import "net"

// freePort asks the kernel for an unused loopback port of the given network
// ("tcp" or "udp") and releases it for the daemon to bind. Another process
// can take it in between; startDaemon retries on a bind failure.
func freePort(network string) (int, error) {
	switch network {
	case "udp":
		c, err := net.ListenPacket("udp4", "127.0.0.1:0")
		if err != nil {
			return 0, err
		}
		defer c.Close()
		return c.LocalAddr().(*net.UDPAddr).Port, nil
	default:
		l, err := net.Listen("tcp4", "127.0.0.1:0")
		if err != nil {
			return 0, err
		}
		defer l.Close()
		return l.Addr().(*net.TCPAddr).Port, nil
	}
}

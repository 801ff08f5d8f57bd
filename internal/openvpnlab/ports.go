package openvpnlab

import (
	"fmt"
	"net"
)

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
		if a, ok := c.LocalAddr().(*net.UDPAddr); ok {
			return a.Port, nil
		}
		return 0, fmt.Errorf("openvpnlab: unexpected UDP address %v", c.LocalAddr())
	default:
		l, err := net.Listen("tcp4", "127.0.0.1:0")
		if err != nil {
			return 0, err
		}
		defer l.Close()
		if a, ok := l.Addr().(*net.TCPAddr); ok {
			return a.Port, nil
		}
		return 0, fmt.Errorf("openvpnlab: unexpected TCP address %v", l.Addr())
	}
}

package fakemgmt

import "fmt"

// Title26 is the title_string a Debian 12 openvpn 2.6.14 prints in `version`
// and `status 2|3` (testdata/real-2.6.14/server/version.txt).
const Title26 = "OpenVPN 2.6.14 x86_64-pc-linux-gnu [SSL (OpenSSL)] [LZO] [LZ4] [EPOLL] [PKCS11] [MH/PKTINFO] [AEAD] [DCO]"

// Times of internal/management/PROTOCOL.md's [lab] status sample, reused for generated statuses:
// taken at labNow, 14 s after the clients connected.
const (
	labNow       = 1795550820 // 2026-11-24 20:07:00 UTC
	labConnected = 1795550806 // 2026-11-24 20:06:46 UTC
)

// StatusV3 returns the bytes of a 2.6-style `status 3` reply (TITLE, TIME,
// HEADERs, n CLIENT_LIST rows, n ROUTING_TABLE rows, GLOBAL_STATS, END) with
// CRLF line endings, as an OpenVPN 2.6.14 server prints it.
func StatusV3(n int) []byte {
	return Status{Release: Release26, Now: labNow, Clients: Clients(n)}.V3()
}

// Clients returns n generated clients for load tests. Client i is
// "client-%05d" with Client ID and Peer ID i. Virtual addresses run from
// 10.8.0.2 up, skipping .0 and .255 and crossing into 10.9.x.y after
// 10.8.255.254 (a /15 pool, as `server 10.8.0.0 255.254.0.0` hands out), so
// they stay unique well past 65,000. Real addresses are 127.0.0.1 from port
// 40000 up, then 127.0.0.2, ..., so address:port pairs stay unique too.
func Clients(n int) []Client {
	cs := make([]Client, n)
	for i := range cs {
		cs[i] = Client{
			CommonName:     fmt.Sprintf("client-%05d", i),
			RealIP:         genRealIP(i),
			RealPort:       genRealPort(i),
			VirtualAddress: genVirtual(i),
			BytesReceived:  uint64(2985 + i),
			BytesSent:      uint64(3012 + i),
			ConnectedSince: labConnected,
			Username:       "UNDEF",
			ClientID:       uint64(i),
			PeerID:         uint32(i),
			Cipher:         "AES-256-GCM",
		}
	}
	return cs
}

// genVirtual skips host parts .0 and .255 (and 10.8.0.1, the server's own
// address) so every address is one a real pool could assign.
func genVirtual(i int) string {
	const perBlock = 254 // .1 to .254 in each /24
	k := i + 1           // skip 10.8.0.1
	block, host := k/perBlock, k%perBlock+1
	return fmt.Sprintf("10.%d.%d.%d", 8+block/256, block%256, host)
}

const firstPort, ports = 40000, 65536 - 40000

func genRealIP(i int) string { return fmt.Sprintf("127.0.0.%d", 1+i/ports) }
func genRealPort(i int) int  { return firstPort + i%ports }

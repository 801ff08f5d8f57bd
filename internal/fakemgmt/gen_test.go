package fakemgmt

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
)

func TestStatusV3FirstClientMatchesLab(t *testing.T) {
	got := string(StatusV3(1))
	want := "TITLE\tOpenVPN 2.6.14 x86_64-pc-linux-gnu [SSL (OpenSSL)] [LZO] [LZ4] [EPOLL] [PKCS11] [MH/PKTINFO] [AEAD] [DCO]\r\n" +
		"TIME\t2026-11-24 20:07:00\t1795550820\r\n" +
		"HEADER\tCLIENT_LIST\tCommon Name\tReal Address\tVirtual Address\tVirtual IPv6 Address\tBytes Received\tBytes Sent\tConnected Since\tConnected Since (time_t)\tUsername\tClient ID\tPeer ID\tData Channel Cipher\r\n" +
		"CLIENT_LIST\tclient-00000\t127.0.0.1:40000\t10.8.0.2\t\t2985\t3012\t2026-11-24 20:06:46\t1795550806\tUNDEF\t0\t0\tAES-256-GCM\r\n" +
		"HEADER\tROUTING_TABLE\tVirtual Address\tCommon Name\tReal Address\tLast Ref\tLast Ref (time_t)\r\n" +
		"ROUTING_TABLE\t10.8.0.2\tclient-00000\t127.0.0.1:40000\t2026-11-24 20:06:46\t1795550806\r\n" +
		"GLOBAL_STATS\tMax bcast/mcast queue length\t0\r\n" +
		"GLOBAL_STATS\tdco_enabled\t0\r\n" +
		"END\r\n"
	if got != want {
		t.Errorf("StatusV3(1) =\n%q\nwant\n%q", got, want)
	}
}

func TestStatusV3RowsUniqueAndCRLF(t *testing.T) {
	for _, n := range []int{0, 3, 10000} {
		out := StatusV3(n)
		if !bytes.HasSuffix(out, []byte("\r\nEND\r\n")) {
			t.Fatalf("n=%d: does not end in END\\r\\n", n)
		}
		if c, lf := bytes.Count(out, []byte("\r\n")), bytes.Count(out, []byte("\n")); c != lf {
			t.Fatalf("n=%d: %d LF but only %d CRLF", n, lf, c)
		}
		lines := strings.Split(strings.TrimSuffix(string(out), "\r\n"), "\r\n")
		if len(lines) != 2*n+7 {
			t.Errorf("n=%d: %d lines, want %d", n, len(lines), 2*n+7)
		}
		virt, realAddrs, cids := map[string]bool{}, map[string]bool{}, map[string]bool{}
		var clients, routes int
		for _, l := range lines {
			f := strings.Split(l, "\t")
			switch f[0] {
			case "CLIENT_LIST":
				clients++
				if len(f) != 13 {
					t.Fatalf("n=%d: CLIENT_LIST has %d fields: %q", n, len(f), l)
				}
				for _, s := range []struct {
					seen map[string]bool
					v    string
				}{{realAddrs, f[2]}, {virt, f[3]}, {cids, f[10]}} {
					if s.seen[s.v] {
						t.Fatalf("n=%d: duplicate %q in %q", n, s.v, l)
					}
					s.seen[s.v] = true
				}
				if v := f[3]; strings.HasSuffix(v, ".0") || strings.HasSuffix(v, ".255") || v == "10.8.0.1" {
					t.Fatalf("n=%d: unassignable virtual address %q", n, v)
				}
			case "ROUTING_TABLE":
				routes++
				if len(f) != 6 || !virt[f[1]] {
					t.Fatalf("n=%d: bad route %q", n, l)
				}
			}
		}
		if clients != n || routes != n {
			t.Errorf("n=%d: %d clients, %d routes", n, clients, routes)
		}
	}
}

func TestClientsUniqueUpTo65000(t *testing.T) {
	virt, realAddrs := map[string]bool{}, map[string]bool{}
	for _, c := range Clients(65000) {
		r := c.RealIP + ":" + strconv.Itoa(c.RealPort)
		if virt[c.VirtualAddress] || realAddrs[r] {
			t.Fatalf("duplicate address in %+v", c)
		}
		virt[c.VirtualAddress], realAddrs[r] = true, true
		if c.RealPort > 65535 {
			t.Fatalf("port out of range in %+v", c)
		}
	}
}

package fakemgmt

import (
	"bytes"
	"strings"
	"testing"
)

func TestStatusLongLineDropsTheRestIncludingEND(t *testing.T) {
	long := StatusLongLine26.Clients[1]
	if n := len(Status{Release: Release26}.clientRow(long, "\t")); n != 600 {
		t.Fatalf("long CLIENT_LIST line is %d bytes, want 600", n)
	}
	got := string(StatusLongLine26.V3())
	lines := strings.Split(strings.TrimSuffix(got, "\r\n"), "\r\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[3], "CLIENT_LIST\t"+Status26.Clients[0].CommonName+"\t") {
		t.Fatalf("want TITLE, TIME, HEADER and the first client only, got %q", lines)
	}
	if strings.Contains(got, "END") || strings.Contains(got, "longname") {
		t.Errorf("the long line or something after it leaked: %q", got)
	}
	// A line of 511 bytes still fits: vsnprintf into 512 bytes, with the NUL.
	fits := func(n int) bool {
		var b bytes.Buffer
		lineWriter(&b, "")(strings.Repeat("x", n))
		return b.Len() > 0
	}
	if !fits(511) || fits(512) {
		t.Error("the cut-off is not at 512 bytes")
	}
}

func TestStatus24Layout(t *testing.T) {
	got := string(Status24.V3())
	for _, want := range []string{
		"TIME\tThu Jun 18 04:23:03 2015\t1434601383\r\n",
		"\tUsername\tClient ID\tPeer ID\r\n", // no Data Channel Cipher
		"\tThu Jun 18 04:00:01 2015\t1434600001\t",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("2.4 status lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "dco_enabled") || strings.Contains(got, "Cipher") {
		t.Errorf("2.4 status has a 2.5+ field:\n%s", got)
	}
}

func TestStatus27RealAddresses(t *testing.T) {
	got := string(Status27.V3())
	for _, want := range []string{
		"\tudp4:127.0.0.1:41000\t", "\ttcp4-server:127.0.0.1:51870\t", "\tudp6:[2001:db8::2]:40123\t",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("2.7 status lacks %q", want)
		}
	}
}

func TestStatusRoutesAndTAP(t *testing.T) {
	got := string(StatusRoutes26.V3())
	for _, want := range []string{
		"CLIENT_LIST\tcarol\t2001:db8::2\t10.8.0.13\tfd00:8::1003\t", // IPv6 peer: no port up to 2.6
		"ROUTING_TABLE\t192.168.10.7C\tsite-b\t",
		"\t5\t4294967295\tAES-256-GCM\r\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("status lacks %q", want)
		}
	}
	if got := string(StatusTAP26.V3()); !strings.Contains(got, "ROUTING_TABLE\tae:4c:3d:2f:10:02@0\tbob\t") {
		t.Errorf("TAP status lacks a MAC@VID route:\n%s", got)
	}
}

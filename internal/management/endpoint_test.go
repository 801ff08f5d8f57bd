package management

import (
	"strings"
	"testing"
)

func TestParseAddress(t *testing.T) {
	ok := map[string]endpoint{
		"tcp://127.0.0.1:7505":       {"tcp", "127.0.0.1:7505"},
		"127.0.0.1:7505":             {"tcp", "127.0.0.1:7505"},
		"localhost:7505":             {"tcp", "localhost:7505"},
		"tcp://[::1]:7505":           {"tcp", "[::1]:7505"},
		"unix:///run/openvpn/s.sock": {"unix", "/run/openvpn/s.sock"},
		"/run/openvpn/s.sock":        {"unix", "/run/openvpn/s.sock"},
		"tls://vpn1.example:7506":    {"tls", "vpn1.example:7506"},
	}
	for in, want := range ok {
		got, err := parseEndpoint(in)
		if err != nil || got != want {
			t.Errorf("parseEndpoint(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	bad := map[string]string{
		"":                     "empty",
		"http://127.0.0.1:80":  `unknown scheme "http"`,
		"unix://relative.sock": "not absolute",
		"127.0.0.1":            "missing port",
		"127.0.0.1:0":          "from 1 to 65535",
		"127.0.0.1:99999":      "from 1 to 65535",
		"tcp://:7505":          "host is empty",
		"tcp://h:7505/x":       "port",
		"tls://vpn1.example":   "missing port",
	}
	for in, want := range bad {
		_, err := parseEndpoint(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("parseEndpoint(%q) = %v; want an error containing %q", in, err, want)
		}
	}
}

// A tls:// address cannot be dialled without a hook that speaks TLS: New
// refuses it rather than sending clear text to a TLS port.
func TestNewRefusesTLSWithoutDial(t *testing.T) {
	_, err := New(Config{Address: "tls://127.0.0.1:7506"})
	if err == nil || !strings.Contains(err.Error(), "needs TLS settings") {
		t.Fatalf("New(tls:// without Dial) = %v; want an error saying it needs TLS settings", err)
	}
}

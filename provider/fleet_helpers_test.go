package provider

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// fleetDaemon is how a test fleet's provider block reaches one daemon.
type fleetDaemon struct {
	address, password string
	timeout           string // "" is 10s: see timeoutOrDefault
	// ssh, when set, reaches the daemon through an SSH host.
	ssh *fleetSSH
}

func (d fleetDaemon) timeoutOrDefault() string {
	if d.timeout == "" {
		return "10s"
	}
	return d.timeout
}

// fleetSSH is an SSH host in front of a test daemon, as root with a key.
type fleetSSH struct {
	host, hostKey string
	port          int
	// keyPath is read with file() in HCL; key is its text, for
	// configurations built in-process.
	keyPath, key string
}

// fleet is a test fleet: daemons by name.
type fleet map[string]fleetDaemon

func (f fleet) names() []string {
	names := make([]string, 0, len(f))
	for n := range f {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// provider is a provider block with f as its daemons and no address of
// its own, and a local.daemons with the names for for_each.
func (f fleet) provider() string {
	var b strings.Builder
	b.WriteString("provider \"openvpn\" {\n  daemons = {\n")
	for _, n := range f.names() {
		d := f[n]
		fmt.Fprintf(&b, "    %q = {\n      address  = %q\n      timeout  = %q\n", n, d.address, d.timeoutOrDefault())
		if d.password != "" {
			fmt.Fprintf(&b, "      password = %q\n", d.password)
		}
		if d.ssh != nil {
			fmt.Fprintf(&b, "      ssh = {\n        host        = %q\n        port        = %d\n        user        = \"root\"\n"+
				"        private_key = file(%q)\n        host_key    = %q\n      }\n", d.ssh.host, d.ssh.port, d.ssh.keyPath, d.ssh.hostKey)
		}
		b.WriteString("    }\n")
	}
	quoted := make([]string, 0, len(f))
	for _, n := range f.names() {
		quoted = append(quoted, fmt.Sprintf("%q", n))
	}
	fmt.Fprintf(&b, "  }\n}\nlocals {\n  daemons = toset([%s])\n}\n", strings.Join(quoted, ", "))
	return b.String()
}

// configuredFleet returns a provider server configured in-process with f
// as its daemons.
func configuredFleet(t *testing.T, f fleet) actionServer {
	t.Helper()
	return configured(t, func(provider *tfprotov6.Schema) map[string]tftypes.Value {
		return map[string]tftypes.Value{"daemons": daemonsValue(t, provider, f)}
	})
}

// daemonsValue is f as the value of the provider's daemons attribute.
func daemonsValue(t testing.TB, provider *tfprotov6.Schema, f fleet) tftypes.Value {
	t.Helper()
	pt, _ := provider.ValueType().(tftypes.Object)
	typ, ok := pt.AttributeTypes["daemons"].(tftypes.Map)
	if !ok {
		t.Fatalf("the provider's daemons is a %v, not a map", pt.AttributeTypes["daemons"])
	}
	et, ok := typ.ElementType.(tftypes.Object)
	if !ok {
		t.Fatalf("the daemons' element is a %v, not an object", typ.ElementType)
	}
	elems := map[string]tftypes.Value{}
	for name, d := range f {
		vals := map[string]tftypes.Value{"address": str(d.address), "timeout": str(d.timeoutOrDefault())}
		if d.password != "" {
			vals["password"] = str(d.password)
		}
		if d.ssh != nil {
			st, ok := et.AttributeTypes["ssh"].(tftypes.Object)
			if !ok {
				t.Fatalf("ssh is a %v, not an object", et.AttributeTypes["ssh"])
			}
			vals["ssh"] = objectValue(st, map[string]tftypes.Value{
				"host": str(d.ssh.host), "port": num(int64(d.ssh.port)), "user": str("root"),
				"private_key": str(d.ssh.key), "host_key": str(d.ssh.hostKey),
			})
		}
		elems[name] = objectValue(et, vals)
	}
	return tftypes.NewValue(typ, elems)
}

// objectValue is a value of typ with vals and every other attribute null.
func objectValue(typ tftypes.Object, vals map[string]tftypes.Value) tftypes.Value {
	full := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		if v, ok := vals[name]; ok {
			full[name] = v
		} else {
			full[name] = tftypes.NewValue(at, nil)
		}
	}
	return tftypes.NewValue(typ, full)
}

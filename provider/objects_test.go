package provider

import (
	"bytes"
	"context"
	"testing"

	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/vmihailenco/msgpack/v5"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// checkObject: what is derived from one definition agrees with itself.
// The Terraform type of its values, of its framework attribute types, of
// its data source and of its resource attributes is one type.
func checkObject[T any](t *testing.T, name string, o object[T], sample T) {
	t.Helper()
	ctx := context.Background()
	ds, rs := o.schemaAttributes()
	types := map[string]tftypes.Type{
		"value":              o.value(sample).Type(),
		"framework type":     o.frameworkType().TerraformType(ctx),
		"data source schema": dschema.NestedAttributeObject{Attributes: ds}.Type().TerraformType(ctx),
		"resource schema":    rschema.NestedAttributeObject{Attributes: rs}.Type().TerraformType(ctx),
	}
	for what, typ := range types {
		if !typ.Equal(o.typ) {
			t.Errorf("%s: the %s has type %s, the definition %s", name, what, typ, o.typ)
		}
	}
	if err := tftypes.ValidateValue(tftypes.List{ElementType: o.typ}, []tftypes.Value{o.value(sample)}); err != nil {
		t.Errorf("%s: %v", name, err)
	}
	// Written directly, the value has the bytes of its Terraform value.
	var direct bytes.Buffer
	if err := o.writeMsgPackList(msgpack.NewEncoder(&direct), []T{sample, sample}); err != nil {
		t.Fatal(err)
	}
	want, err := protocolValue(tftypes.List{ElementType: o.typ}, o.list([]T{sample, sample}))
	if err != nil || direct.String() != string(want.MsgPack) {
		t.Errorf("%s: written directly %x, as values %x (%v)", name, direct.Bytes(), want.MsgPack, err)
	}
}

func TestObjectsAgreeWithThemselves(t *testing.T) {
	sessions := testSessions()
	checkObject(t, "client session", clientSession, sessions[1])
	checkObject(t, "route", route, management.Route{VirtualAddress: "10.8.0.2", Cached: true})
	checkObject(t, "state entry", stateEntry, management.State{Name: "CONNECTED", RemotePort: 1194})
	checkObject(t, "log line", logLine, management.LogLine{Message: "Initialization Sequence Completed"})
	checkObject(t, "violation", violationObject, violation{sessions[0], "not allowed"})
	checkObject(t, "openvpn_server", serverFacts, serverReading{status: &management.Status{Mode: management.ModeClient}, pid: 42})
	checkObject(t, "openvpn_version", versionFacts, management.Version{Release: "2.6.14", ManagementVersion: 5})
	checkObject(t, "parse_status result", parseStatusResult, parsedStatus{&management.Status{Mode: management.ModeServer, Clients: sessions,
		GlobalStats: []management.Stat{{Name: "b", Value: "1"}, {Name: "a", Value: "2"}, {Name: "b", Value: "3"}}}, 3})
}

func TestObjectRefusesAnAttributeDefinedTwice(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("two attributes named common_name were accepted")
		}
	}()
	newObject(
		textAttr("common_name", "", func(v violation) string { return v.session.CommonName }),
		textAttr("common_name", "", func(v violation) string { return v.reason }),
	)
}

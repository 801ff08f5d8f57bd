package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vpnops/terraform-provider-openvpn/internal/fakemgmt"
)

// BenchmarkParseStatusFunction10000 calls parse_status on a 10,000-session
// status file through the provider server, as Terraform calls it (parse,
// the result's values, their encoding).
//
//	go test -run '^$' -bench ParseStatusFunction10000 -benchmem ./provider/
func BenchmarkParseStatusFunction10000(b *testing.B) {
	ctx := context.Background()
	text := string(fakemgmt.StatusV3(10000))
	ps, err := testProviders["openvpn"]()
	if err != nil {
		b.Fatal(err)
	}
	arg, err := tfprotov6.NewDynamicValue(tftypes.String, tftypes.NewValue(tftypes.String, text))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		resp, err := ps.CallFunction(ctx, &tfprotov6.CallFunctionRequest{Name: "parse_status", Arguments: []*tfprotov6.DynamicValue{&arg}})
		if err != nil || resp.Error != nil || resp.Result == nil {
			b.Fatalf("%v %v", err, resp.Error)
		}
	}
}

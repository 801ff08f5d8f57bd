package provider

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vpnops/terraform-provider-openvpn/internal/fakemgmt"
	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// BenchmarkClientsRead10000 reads 10,000 sessions from the scripted fake
// server two ways: the client alone (status 3 over TCP and its parse), and
// the whole openvpn_clients Read through the provider server, as Terraform
// calls it (conversion to Terraform values and the msgpack encoding of the
// state included). The difference is what the Terraform layer adds.
//
//	go test -run '^$' -bench ClientsRead10000 -benchmem ./provider/
func BenchmarkClientsRead10000(b *testing.B) {
	d := fakemgmt.Daemon26()
	d.Replies["status 3"] = string(fakemgmt.StatusV3(10000))
	srv := fakemgmt.Start(b, d.Handle)

	b.Run("client-only", func(b *testing.B) {
		c, err := management.New(management.Config{Address: srv.Addr(), Timeout: 10 * time.Second})
		if err != nil {
			b.Fatal(err)
		}
		defer func() { _ = c.Close() }()
		ctx := context.Background()
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			st, err := c.Status(ctx)
			if err != nil || len(st.Clients) != 10000 {
				b.Fatalf("%v", err)
			}
		}
	})

	b.Run("data-source-read", func(b *testing.B) {
		ctx := context.Background()
		ps, _ := testProviders["openvpn"]()
		sch, err := ps.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
		if err != nil {
			b.Fatal(err)
		}
		pcfg := dynamicValue(b, sch.Provider, map[string]tftypes.Value{"address": tftypes.NewValue(tftypes.String, srv.Addr())})
		if r, err := ps.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: pcfg}); err != nil || len(r.Diagnostics) > 0 {
			b.Fatalf("configure: %v %v", err, r.Diagnostics)
		}
		ds := sch.DataSourceSchemas["openvpn_clients"]
		cfg := dynamicValue(b, ds, nil)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			// Each Terraform run is a new provider process with an empty
			// read cache; Fresh keeps this loop from measuring the cache.
			resp, err := ps.ReadDataSource(management.Fresh(ctx), &tfprotov6.ReadDataSourceRequest{TypeName: "openvpn_clients", Config: cfg})
			if err != nil || len(resp.Diagnostics) > 0 {
				b.Fatalf("read: %v %v", err, resp.Diagnostics)
			}
		}
	})
}

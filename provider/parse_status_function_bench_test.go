package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vpnops/terraform-provider-openvpn/internal/fakemgmt"
)

// BenchmarkParseStatusFunction calls parse_status through the provider
// server, as Terraform calls it (the argument's decoding, the parse, the
// result's values, their encoding), on status files of 1,000 to 100,000
// sessions. ns/client and B/op per session stay flat: the call is linear
// in the sessions.
//
//	go test -run '^$' -bench 'ParseStatusFunction$' -benchmem ./provider/
func BenchmarkParseStatusFunction(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			benchParseStatusCall(b, string(fakemgmt.StatusV3(n)))
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/client")
		})
	}
}

// BenchmarkParseStatusFunctionCommas calls parse_status on a version 2
// file whose one session has a common name of n commas: linear in n.
//
//	go test -run '^$' -bench 'ParseStatusFunctionCommas' -benchmem ./provider/
func BenchmarkParseStatusFunctionCommas(b *testing.B) {
	for _, n := range []int{1000, 5000, 20000, 40000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			benchParseStatusCall(b, "TITLE,OpenVPN 2.6.14 x86_64-pc-linux-gnu\nTIME,2026-11-24 20:07:00,1795550820\n"+
				"HEADER,CLIENT_LIST,Common Name,Real Address,Virtual Address,Virtual IPv6 Address,Bytes Received,Bytes Sent,"+
				"Connected Since,Connected Since (time_t),Username,Client ID,Peer ID,Data Channel Cipher\n"+
				"CLIENT_LIST,"+strings.Repeat("a,", n)+"a,127.0.0.1:1,10.8.0.10,,1,2,2026-11-24 20:06:46,1795550806,UNDEF,0,0,AES-256-GCM\n"+
				"GLOBAL_STATS,Max bcast/mcast queue length,0\nEND\n")
		})
	}
}

func benchParseStatusCall(b *testing.B, text string) {
	b.Helper()
	ctx := context.Background()
	ps, err := testProviders["openvpn"]()
	if err != nil {
		b.Fatal(err)
	}
	arg, err := tfprotov6.NewDynamicValue(tftypes.String, tftypes.NewValue(tftypes.String, text))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		resp, err := ps.CallFunction(ctx, &tfprotov6.CallFunctionRequest{Name: "parse_status", Arguments: []*tfprotov6.DynamicValue{&arg}})
		if err != nil || resp.Error != nil || resp.Result == nil {
			b.Fatalf("%v %v", err, resp.Error)
		}
	}
}

// Command terraform-provider-openvpn serves the OpenVPN provider to Terraform.
package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/vpnops/terraform-provider-openvpn/provider"
)

// version is set by goreleaser at release time.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	server, err := provider.NewProtocolServer(version)()
	if err == nil {
		err = tf6server.Serve(provider.Address, func() tfprotov6.ProviderServer { return server }, opts...)
	}
	if err != nil {
		log.Fatal(err.Error())
	}
}

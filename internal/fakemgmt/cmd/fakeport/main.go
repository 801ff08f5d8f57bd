// Command fakeport serves the scripted fake management port (an OpenVPN
// 2.6 server) with N sessions in its status 3 reply, until interrupted. It
// is for measuring the provider as a whole process, through Terraform:
//
//	go run ./internal/fakemgmt/cmd/fakeport -clients 10000 -addr-file /tmp/addr
//
// then a configuration with address = the written address, and
// `terraform plan` of an openvpn_clients data source.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"
	"testing"

	"github.com/vpnops/terraform-provider-openvpn/internal/fakemgmt"
)

func main() {
	n := flag.Int("clients", 10000, "sessions in the status 3 reply")
	addrFile := flag.String("addr-file", "", "write the listening address (tcp://127.0.0.1:PORT) here")
	flag.Parse()

	d := fakemgmt.Daemon26()
	d.Replies["status 3"] = string(fakemgmt.StatusV3(*n))
	srv := fakemgmt.Start(logTB{}, d.Handle)
	defer srv.Close()
	fmt.Println(srv.Addr())
	if *addrFile != "" {
		if err := os.WriteFile(*addrFile, []byte(srv.Addr()), 0o600); err != nil {
			log.Fatal(err)
		}
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
}

// logTB is the testing.TB the fake server reports through: outside a test,
// its complaints go to the log, and cleanups are left to main's Close.
type logTB struct{ testing.TB }

func (logTB) Helper()                           {}
func (logTB) Cleanup(func())                    {}
func (logTB) Logf(format string, args ...any)   { log.Printf(format, args...) }
func (logTB) Errorf(format string, args ...any) { log.Printf(format, args...) }
func (logTB) Fatalf(format string, args ...any) { log.Fatalf(format, args...) }
func (logTB) Name() string                      { return "fakeport" }

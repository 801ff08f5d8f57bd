package provider

import (
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vpnops/terraform-provider-openvpn/internal/fakemgmt"
	"github.com/vpnops/terraform-provider-openvpn/internal/fixtures"
	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// statusTexts are every status text of the transcripts and the corpus that
// parses, and a generated one of 1,000 sessions.
func statusTexts(t *testing.T) map[string]string {
	t.Helper()
	texts := map[string]string{"generated 1000": string(fakemgmt.StatusV3(1000))}
	files, err := filepath.Glob(filepath.Join(fixtures.TranscriptDir(), "*", "*status-*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no transcripts: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts[f] = string(b)
	}
	samples, err := fixtures.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range samples {
		if _, _, err := management.ParseStatusText(s.Text, time.UTC); err == nil {
			texts[s.Name] = s.Text
		}
	}
	return texts
}

// The result written straight to MessagePack is, byte for byte, what
// encoding the result's Terraform values gives.
func TestParseStatusMsgPackMatchesTheValues(t *testing.T) {
	texts := statusTexts(t)
	if len(texts) < 40 {
		t.Fatalf("%d status texts, want the transcripts' and the corpus'", len(texts))
	}
	for name, text := range texts {
		got, ferr := parseStatusMsgPack(text)
		if ferr != nil {
			t.Fatalf("%s: %s", name, ferr.Text)
		}
		v, ferr := parseStatus(text)
		if ferr != nil {
			t.Fatalf("%s: %s", name, ferr.Text)
		}
		want, err := protocolValue(v.Type(), v)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want.MsgPack) {
			t.Errorf("%s: the direct encoding differs from the values' (%d and %d bytes)", name, len(got), len(want.MsgPack))
		}
		if cap(got) != len(got) {
			t.Errorf("%s: the result's buffer has %d bytes for %d: its size was not known before writing", name, cap(got), len(got))
		}
	}
}

// strArgument is a CallFunction argument that is one MessagePack str32 of
// n bytes. The body is never written: a large buffer fresh from the
// operating system costs address space, not memory.
func strArgument(n int) *tfprotov6.DynamicValue {
	b := make([]byte, 5+n)
	b[0] = 0xdb // str32
	binary.BigEndian.PutUint32(b[1:], uint32(n))
	return &tfprotov6.DynamicValue{MsgPack: b}
}

// A text one byte over the 128 MiB a live status reply may hold is refused,
// on the argument, with the size and the limit, before it is copied or
// read.
func TestParseStatusRefusesATextOverTheLimit(t *testing.T) {
	direct, _ := twoServers(t)
	arg := strArgument(management.MaxStatusTextBytes + 1)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	resp, err := direct.CallFunction(context.Background(), &tfprotov6.CallFunctionRequest{Name: "parse_status", Arguments: []*tfprotov6.DynamicValue{arg}})
	runtime.ReadMemStats(&after)
	if err != nil || resp.Error == nil {
		t.Fatalf("%v %+v: want an error", err, resp)
	}
	want := "status text too large: 134217729 bytes, over the size limit of 134217728 bytes (128 MiB)"
	if !strings.Contains(resp.Error.Text, want) || resp.Error.FunctionArgument == nil || *resp.Error.FunctionArgument != 0 {
		t.Errorf("error %q on argument %v, want %q on argument 0", resp.Error.Text, resp.Error.FunctionArgument, want)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Errorf("refusing it allocated %d bytes: the text was copied or read", n)
	}
}

// A result that would not fit in the message Terraform receives it in is
// refused on the argument, before any of it is built.
func TestParseStatusRefusesAResultOverTheLimit(t *testing.T) {
	saved := maxFunctionResultBytes
	maxFunctionResultBytes = 64 << 10
	t.Cleanup(func() { maxFunctionResultBytes = saved })
	text := string(fakemgmt.StatusV3(1000))
	direct, _ := twoServers(t)
	arg, err := tfprotov6.NewDynamicValue(tftypes.String, tftypes.NewValue(tftypes.String, text))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := direct.CallFunction(context.Background(), &tfprotov6.CallFunctionRequest{Name: "parse_status", Arguments: []*tfprotov6.DynamicValue{&arg}})
	if err != nil || resp.Error == nil || resp.Result != nil {
		t.Fatalf("%v %+v: want an error", err, resp)
	}
	want := "the result for this status text (" + strconv.Itoa(len(text)) + " bytes: 1000 sessions, 1000 routes) would take more than 65536 bytes"
	if !strings.Contains(resp.Error.Text, want) || resp.Error.FunctionArgument == nil || *resp.Error.FunctionArgument != 0 {
		t.Errorf("error %q on argument %v, want %q on argument 0", resp.Error.Text, resp.Error.FunctionArgument, want)
	}
	// The framework's Run refuses it too.
	if _, ferr := runParseStatus(t, text); ferr == nil || !strings.Contains(ferr.Text, want) {
		t.Errorf("Run: %+v", ferr)
	}
	// A result at the limit is returned.
	got, ferr := parseStatusMsgPack(string(fakemgmt.StatusV3(10)))
	if ferr != nil {
		t.Fatal(ferr.Text)
	}
	maxFunctionResultBytes = len(got)
	if _, ferr := parseStatusMsgPack(string(fakemgmt.StatusV3(10))); ferr != nil {
		t.Errorf("a result of exactly the limit: %s", ferr.Text)
	}
}

// Terraform's strings come as MessagePack str of every width; anything else
// is not read as a text.
func TestMsgpackString(t *testing.T) {
	for _, n := range []int{0, 31, 32, 255, 256, 65535, 65536} {
		want := strings.Repeat("é", n/2) + strings.Repeat("x", n%2)
		dv, err := tfprotov6.NewDynamicValue(tftypes.String, tftypes.NewValue(tftypes.String, want))
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := msgpackString(dv.MsgPack); !ok || string(got) != want {
			t.Errorf("%d bytes: %q %v", n, got, ok)
		}
		if _, ok := msgpackString(dv.MsgPack[:len(dv.MsgPack)-1]); ok && n > 0 {
			t.Errorf("%d bytes, the last missing: read as a string", n)
		}
	}
	null, _ := tfprotov6.NewDynamicValue(tftypes.String, tftypes.NewValue(tftypes.String, nil))
	unknown, _ := tfprotov6.NewDynamicValue(tftypes.String, tftypes.NewValue(tftypes.String, tftypes.UnknownValue))
	for name, b := range map[string][]byte{"null": null.MsgPack, "unknown": unknown.MsgPack, "empty": nil} {
		if _, ok := msgpackString(b); ok {
			t.Errorf("%s read as a string", name)
		}
	}
}

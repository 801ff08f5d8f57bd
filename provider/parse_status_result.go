package provider

import (
	"bytes"
	"errors"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/vmihailenco/msgpack/v5"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// maxFunctionResultBytes is the most a function result may take in
// MessagePack: Terraform receives it in one gRPC message, which
// terraform-plugin-go caps at 256 MiB (tf6server grpcMaxMessageSize), less
// the message's own framing (at most 12 bytes). A larger
// result would fail as "grpc: trying to send message larger than max",
// after the plugin had built all of it. Tests lower it.
var maxFunctionResultBytes = 256<<20 - 16

// errResultTooLarge stops the size count at the limit.
var errResultTooLarge = errors.New("function result over the limit")

// readStatusText is parse_status up to its result: the text read, the
// sessions sorted by Client ID once (the clients attribute hands them out
// as they are), and the size of the result's encoding, refused above
// maxFunctionResultBytes before any of it is built.
func readStatusText(text string) (parsedStatus, int, *function.FuncError) {
	// No zone is known for the daemon's text times; UTC keeps the result
	// the same on every machine that runs the audit.
	st, version, err := management.ParseStatusText(text, time.UTC)
	if err != nil {
		return parsedStatus{}, 0, function.NewArgumentFuncError(0, statusTextErrorMessage(err))
	}
	st.Clients = clientSessions(st.Clients, sessionFilter{})
	p := parsedStatus{st, version}
	size := countingWriter{max: maxFunctionResultBytes}
	if err := parseStatusResult.writeMsgPack(msgpack.NewEncoder(&size), p); err != nil {
		if errors.Is(err, errResultTooLarge) {
			return parsedStatus{}, 0, function.NewArgumentFuncError(0, resultTooLargeMessage(len(text), len(st.Clients), len(st.Routes), maxFunctionResultBytes))
		}
		return parsedStatus{}, 0, function.NewFuncError("Encoding the result: " + err.Error())
	}
	return p, size.n, nil
}

// parseStatusMsgPack is parse_status's result in the protocol's MessagePack,
// written in one buffer of its exact size.
func parseStatusMsgPack(text string) ([]byte, *function.FuncError) {
	p, size, ferr := readStatusText(text)
	if ferr != nil {
		return nil, ferr
	}
	buf := bytes.NewBuffer(make([]byte, 0, size))
	if err := parseStatusResult.writeMsgPack(msgpack.NewEncoder(buf), p); err != nil {
		return nil, function.NewFuncError("Encoding the result: " + err.Error())
	}
	return buf.Bytes(), nil
}

// countingWriter counts the bytes written to it, and fails once they pass max.
type countingWriter struct {
	n, max int
}

func (w *countingWriter) Write(p []byte) (int, error) {
	if err := w.add(len(p)); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (w *countingWriter) WriteByte(byte) error { return w.add(1) }

func (w *countingWriter) add(n int) error {
	if w.n += n; w.n > w.max {
		return errResultTooLarge
	}
	return nil
}

package provider

import (
	"encoding/binary"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/vmihailenco/msgpack/v5/msgpcode"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// statusTextArgument is parse_status's only argument as a known string;
// ok is false when it is something else (null, unknown, not one
// argument), which the framework words. A text over the size limit is
// refused (ferr) from the length in its encoding, before it is copied.
//
// Terraform sends a known string as one MessagePack str: a header with the
// length, then the bytes. Those are copied out once; the generic decoder
// (DynamicValue.Unmarshal) reads them in growing pieces and copies them
// again, about four times the text's size for nothing.
func statusTextArgument(req *tfprotov6.CallFunctionRequest) (text string, ok bool, ferr *function.FuncError) {
	if len(req.Arguments) != 1 || req.Arguments[0] == nil {
		return "", false, nil
	}
	if body, ok := msgpackString(req.Arguments[0].MsgPack); ok {
		if err := management.CheckStatusTextSize(int64(len(body))); err != nil {
			return "", true, function.NewArgumentFuncError(0, statusTextErrorMessage(err))
		}
		return string(body), true, nil
	}
	// Anything else (JSON, a null, an unknown) the general way.
	text, ok = knownString(req.Arguments[0])
	return text, ok, nil
}

// knownString is v decoded as a known string, if it is one.
func knownString(v *tfprotov6.DynamicValue) (string, bool) {
	arg, err := v.Unmarshal(tftypes.String)
	var s string
	if err != nil || !arg.IsKnown() || arg.IsNull() || arg.As(&s) != nil {
		return "", false
	}
	return s, true
}

// msgpackString is the body of b when b is exactly one MessagePack str.
func msgpackString(b []byte) ([]byte, bool) {
	if len(b) == 0 {
		return nil, false
	}
	var n, head int
	switch c := b[0]; {
	case msgpcode.IsFixedString(c):
		n, head = int(c&msgpcode.FixedStrMask), 1
	case c == msgpcode.Str8 && len(b) >= 2:
		n, head = int(b[1]), 2
	case c == msgpcode.Str16 && len(b) >= 3:
		n, head = int(binary.BigEndian.Uint16(b[1:])), 3
	case c == msgpcode.Str32 && len(b) >= 5:
		n, head = int(binary.BigEndian.Uint32(b[1:])), 5
	default:
		return nil, false
	}
	if len(b)-head != n {
		return nil, false
	}
	return b[head:], true
}

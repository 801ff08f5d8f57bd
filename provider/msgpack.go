package provider

import (
	"bytes"
	"maps"
	"math/big"
	"slices"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/vmihailenco/msgpack/v5"
)

// protocolValue encodes a value (a state, a function result) for the
// protocol: the MessagePack that tfprotov6.NewDynamicValue writes (byte for byte, except that map keys
// come sorted rather than in Go's map order), without the attribute path
// NewDynamicValue builds at every step for its error messages, which at
// 10,000 sessions is most of a read's memory. Values it does not expect in a
// read's state (unknown, sets, tuples, dynamic) go through
// NewDynamicValue.
func protocolValue(typ tftypes.Type, v tftypes.Value) (tfprotov6.DynamicValue, error) {
	var buf bytes.Buffer
	enc := msgpack.NewEncoder(&buf)
	ok, err := writeMsgPack(enc, v)
	if err != nil {
		return tfprotov6.DynamicValue{}, err
	}
	if !ok {
		return tfprotov6.NewDynamicValue(typ, v)
	}
	return tfprotov6.DynamicValue{MsgPack: buf.Bytes()}, nil
}

// writeMsgPack writes v; ok is false when v holds something protocolValue
// leaves to NewDynamicValue.
func writeMsgPack(enc *msgpack.Encoder, v tftypes.Value) (ok bool, err error) {
	typ := v.Type()
	switch {
	case !v.IsKnown():
		return false, nil
	case v.IsNull():
		return true, enc.EncodeNil()
	case typ.Is(tftypes.String):
		var s string
		if err := v.As(&s); err != nil {
			return false, err
		}
		return true, enc.EncodeString(s)
	case typ.Is(tftypes.Bool):
		var b bool
		if err := v.As(&b); err != nil {
			return false, err
		}
		return true, enc.EncodeBool(b)
	case typ.Is(tftypes.Number):
		var n big.Float
		if err := v.As(&n); err != nil {
			return false, err
		}
		i, acc := n.Int64()
		if acc != big.Exact || n.IsInf() {
			return false, nil // only whole numbers are written here
		}
		return true, enc.EncodeInt(i)
	case typ.Is(tftypes.List{}):
		var elems []tftypes.Value
		if err := v.As(&elems); err != nil {
			return false, err
		}
		if err := enc.EncodeArrayLen(len(elems)); err != nil {
			return false, err
		}
		for _, e := range elems {
			if ok, err := writeMsgPack(enc, e); !ok || err != nil {
				return ok, err
			}
		}
		return true, nil
	case typ.Is(tftypes.Map{}), typ.Is(tftypes.Object{}):
		var attrs map[string]tftypes.Value
		if err := v.As(&attrs); err != nil {
			return false, err
		}
		// Sorted, as NewDynamicValue writes them.
		keys := slices.Sorted(maps.Keys(attrs))
		if err := enc.EncodeMapLen(len(keys)); err != nil {
			return false, err
		}
		for _, k := range keys {
			if err := enc.EncodeString(k); err != nil {
				return false, err
			}
			if ok, err := writeMsgPack(enc, attrs[k]); !ok || err != nil {
				return ok, err
			}
		}
		return true, nil
	default:
		return false, nil
	}
}

package provider

import (
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/vmihailenco/msgpack/v5"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// Writing an object's value straight to MessagePack, attribute by
// attribute (each field's write), with the bytes protocolValue writes for
// value(v) (attributes in sorted order, as NewDynamicValue has them) but
// without building the tree of Terraform values first. For a list of
// 100,000 sessions that tree is most of the memory a call holds at once:
// a map and a value per attribute of every element, all alive until the
// last is encoded, and as much again in garbage while it is encoded
// (BenchmarkParseStatusFunction).

// writeMsgPack writes one object.
func (o object[T]) writeMsgPack(enc *msgpack.Encoder, v T) error {
	return o.writeFields(enc, v, o.sortedFields())
}

// writeMsgPackList writes a list of objects, empty (never null) when there
// are none, as list(vs) encodes.
func (o object[T]) writeMsgPackList(enc *msgpack.Encoder, vs []T) error {
	if err := enc.EncodeArrayLen(len(vs)); err != nil {
		return err
	}
	order := o.sortedFields()
	for _, v := range vs {
		if err := o.writeFields(enc, v, order); err != nil {
			return err
		}
	}
	return nil
}

// sortedFields are the fields in the order their names sort, the order
// in which the protocol's encoding writes an object's attributes.
func (o object[T]) sortedFields() []field[T] {
	return slices.SortedFunc(slices.Values(o.fields), func(a, b field[T]) int { return strings.Compare(a.name, b.name) })
}

func (o object[T]) writeFields(enc *msgpack.Encoder, v T, order []field[T]) error {
	if err := enc.EncodeMapLen(len(order)); err != nil {
		return err
	}
	for _, f := range order {
		if err := enc.EncodeString(f.name); err != nil {
			return err
		}
		if err := f.write(enc, v); err != nil {
			return err
		}
	}
	return nil
}

// The values of the attribute kinds, as writeMsgPack writes the Terraform
// values the field constructors build (tfStringOrNull, tfTime, statMap).

func writeStringOrNull(enc *msgpack.Encoder, s string, ok bool) error {
	if !ok {
		return enc.EncodeNil()
	}
	return enc.EncodeString(s)
}

func writeTime(enc *msgpack.Encoder, t time.Time) error {
	if t.IsZero() {
		return enc.EncodeNil()
	}
	return enc.EncodeString(t.UTC().Format(time.RFC3339))
}

// writeStatMap writes rows as a map with sorted keys; a repeated name
// keeps the last value.
func writeStatMap(enc *msgpack.Encoder, rows []management.Stat) error {
	m := make(map[string]string, len(rows))
	for _, r := range rows {
		m[r.Name] = r.Value
	}
	if err := enc.EncodeMapLen(len(m)); err != nil {
		return err
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if err := enc.EncodeString(k); err != nil {
			return err
		}
		if err := enc.EncodeString(m[k]); err != nil {
			return err
		}
	}
	return nil
}

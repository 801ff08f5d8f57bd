package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/vmihailenco/msgpack/v5"

	"github.com/vpnops/terraform-provider-openvpn/internal/management"
)

// An object is the one definition of a nested object the provider returns
// (a session, a route, a state transition, a log line, a violation, the
// result of parse_status): for each attribute its name, its type, its
// description, and how its value is read from the daemon's value T. The
// schemas, the attribute types and the Terraform values are all derived
// from it, so they cannot drift apart.
//
// Values are built directly as tftypes values, without a model struct and
// the framework's reflection over it: at 10,000 sessions the reflection
// and the per-element framework objects cost seconds and hundreds of MiB
// (BenchmarkClientsRead10000).
type object[T any] struct {
	fields []field[T]
	typ    tftypes.Object
}

// A field is one attribute of an object. Build it with the constructor of
// its kind (textAttr, textOrNullAttr, optionalTextAttr, intAttr,
// optionalIntAttr, boolAttr, optionalBoolAttr, timeAttr, stringMapAttr,
// textListAttr, objectListAttr), which ties the getter's Go type to the
// attribute's type.
type field[T any] struct {
	name        string
	kind        kind
	description string
	value       func(T) tftypes.Value
	// nested is the element of an objectList.
	nested nestedObject
	// write writes the same value as MessagePack without building it
	// (objects_msgpack.go).
	write func(*msgpack.Encoder, T) error
}

type kind int

const (
	kindString kind = iota
	kindInt64
	kindBool
	kindStringMap
	kindStringList
	kindObjectList
)

// nestedObject is an object[E] seen from the object that lists it.
type nestedObject interface {
	tfObjectType() tftypes.Object
	attrTypes() map[string]attr.Type
	schemaAttributes() (map[string]dschema.Attribute, map[string]rschema.Attribute)
}

// definedObjects holds every object newObject built, in definition order,
// for TestObjectsAgreeWithThemselves to check each against itself.
var definedObjects []nestedObject

func newObject[T any](fields ...field[T]) object[T] {
	o := object[T]{fields: fields, typ: tftypes.Object{AttributeTypes: make(map[string]tftypes.Type, len(fields))}}
	for _, f := range fields {
		if _, dup := o.typ.AttributeTypes[f.name]; dup {
			panic("object: attribute " + f.name + " defined twice")
		}
		o.typ.AttributeTypes[f.name] = f.tfType()
	}
	definedObjects = append(definedObjects, o)
	return o
}

// The constructors, one per kind of attribute.

// textAttr is a string attribute that is always set, even when empty.
func textAttr[T any](name, description string, get func(T) string) field[T] {
	return field[T]{name: name, kind: kindString, description: description,
		value: func(v T) tftypes.Value { return tfString(get(v)) },
		write: func(enc *msgpack.Encoder, v T) error { return enc.EncodeString(get(v)) }}
}

// textOrNullAttr is a string attribute that is null when the daemon's field is
// empty.
func textOrNullAttr[T any](name, description string, get func(T) string) field[T] {
	return field[T]{name: name, kind: kindString, description: description,
		value: func(v T) tftypes.Value { return tfStringOrNull(get(v)) },
		write: func(enc *msgpack.Encoder, v T) error { s := get(v); return writeStringOrNull(enc, s, s != "") }}
}

// optionalTextAttr is a string attribute that is null when ok is false.
func optionalTextAttr[T any](name, description string, get func(T) (s string, ok bool)) field[T] {
	return optionalAttr(name, description, kindString, tftypes.String, get, (*msgpack.Encoder).EncodeString)
}

// intAttr is a whole-number attribute that is always set.
func intAttr[T any](name, description string, get func(T) int64) field[T] {
	return field[T]{name: name, kind: kindInt64, description: description,
		value: func(v T) tftypes.Value { return tftypes.NewValue(tftypes.Number, get(v)) },
		write: func(enc *msgpack.Encoder, v T) error { return enc.EncodeInt(get(v)) }}
}

// optionalIntAttr is a whole-number attribute that is null when ok is false.
func optionalIntAttr[T any](name, description string, get func(T) (n int64, ok bool)) field[T] {
	return optionalAttr(name, description, kindInt64, tftypes.Number, get, (*msgpack.Encoder).EncodeInt)
}

// boolAttr is a bool attribute that is always set.
func boolAttr[T any](name, description string, get func(T) bool) field[T] {
	return field[T]{name: name, kind: kindBool, description: description,
		value: func(v T) tftypes.Value { return tftypes.NewValue(tftypes.Bool, get(v)) },
		write: func(enc *msgpack.Encoder, v T) error { return enc.EncodeBool(get(v)) }}
}

// optionalBoolAttr is a bool attribute that is null when ok is false.
func optionalBoolAttr[T any](name, description string, get func(T) (b, ok bool)) field[T] {
	return optionalAttr(name, description, kindBool, tftypes.Bool, get, (*msgpack.Encoder).EncodeBool)
}

// optionalAttr is the optional attributes' one shape: a value of kind k
// (Terraform type typ), written with write, or null when get's ok is
// false.
func optionalAttr[T, V any](name, description string, k kind, typ tftypes.Type, get func(T) (V, bool), write func(*msgpack.Encoder, V) error) field[T] {
	return field[T]{name: name, kind: k, description: description, value: func(v T) tftypes.Value {
		if x, ok := get(v); ok {
			return tftypes.NewValue(typ, x)
		}
		return tftypes.NewValue(typ, nil)
	}, write: func(enc *msgpack.Encoder, v T) error {
		if x, ok := get(v); ok {
			return write(enc, x)
		}
		return enc.EncodeNil()
	}}
}

// textListAttr is a list of strings, empty (never null) when there are none.
func textListAttr[T any](name, description string, get func(T) []string) field[T] {
	return field[T]{name: name, kind: kindStringList, description: description, value: func(v T) tftypes.Value {
		items := get(v)
		elems := make([]tftypes.Value, len(items))
		for i, s := range items {
			elems[i] = tfString(s)
		}
		return tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, elems)
	}, write: func(enc *msgpack.Encoder, v T) error {
		items := get(v)
		if err := enc.EncodeArrayLen(len(items)); err != nil {
			return err
		}
		for _, s := range items {
			if err := enc.EncodeString(s); err != nil {
				return err
			}
		}
		return nil
	}}
}

// timeAttr is a time as an RFC 3339 string (UTC), null when the daemon
// gave none.
func timeAttr[T any](name, description string, get func(T) time.Time) field[T] {
	return field[T]{name: name, kind: kindString, description: description,
		value: func(v T) tftypes.Value { return tfTime(get(v)) },
		write: func(enc *msgpack.Encoder, v T) error { return writeTime(enc, get(v)) }}
}

// stringMapAttr is a map of strings from the daemon's name/value rows; a
// repeated name keeps the last.
func stringMapAttr[T any](name, description string, get func(T) []management.Stat) field[T] {
	return field[T]{name: name, kind: kindStringMap, description: description,
		value: func(v T) tftypes.Value { return statMap(get(v)) },
		write: func(enc *msgpack.Encoder, v T) error { return writeStatMap(enc, get(v)) }}
}

// objectListAttr is a list of another object, empty (never null) when there
// are none.
func objectListAttr[T, E any](name, description string, elem object[E], get func(T) []E) field[T] {
	return field[T]{name: name, kind: kindObjectList, description: description, nested: elem,
		value: func(v T) tftypes.Value { return elem.list(get(v)) },
		write: func(enc *msgpack.Encoder, v T) error { return elem.writeMsgPackList(enc, get(v)) }}
}

// What is derived from the definition: values.

// value is one object.
func (o object[T]) value(v T) tftypes.Value { return tftypes.NewValue(o.typ, o.attributes(v)) }

// attributes are the object's attribute values, also for a schema that
// has them at its top level (the facts of openvpn_server, the current
// state of openvpn_state).
func (o object[T]) attributes(v T) map[string]tftypes.Value {
	attrs := make(map[string]tftypes.Value, len(o.fields))
	for _, f := range o.fields {
		attrs[f.name] = f.value(v)
	}
	return attrs
}

// list is a list of objects, empty (never null) when there are none.
func (o object[T]) list(vs []T) tftypes.Value {
	elems := make([]tftypes.Value, 0, len(vs))
	for _, v := range vs {
		elems = append(elems, o.value(v))
	}
	return tftypes.NewValue(tftypes.List{ElementType: o.typ}, elems)
}

// frameworkList is list as a framework value, for a model struct.
func (o object[T]) frameworkList(ctx context.Context, vs []T, diags *diag.Diagnostics) types.List {
	v, err := types.ListType{ElemType: o.frameworkType()}.ValueFromTerraform(ctx, o.list(vs))
	l, ok := v.(types.List)
	if err != nil || !ok {
		diags.AddError("Building a list of objects", fmt.Sprintf("%T: %v. This is a bug in the provider.", v, err))
		return types.ListNull(o.frameworkType())
	}
	return l
}

// What is derived from the definition: types and schemas.

func (o object[T]) tfObjectType() tftypes.Object { return o.typ }

// attrTypes are the framework's attribute types of one object.
func (o object[T]) attrTypes() map[string]attr.Type {
	out := make(map[string]attr.Type, len(o.fields))
	for _, f := range o.fields {
		out[f.name] = f.attrType()
	}
	return out
}

func (o object[T]) frameworkType() types.ObjectType {
	return types.ObjectType{AttrTypes: o.attrTypes()}
}

// schemaAttributes are the object's attributes in a data source schema
// and in a resource schema, all computed.
func (o object[T]) schemaAttributes() (map[string]dschema.Attribute, map[string]rschema.Attribute) {
	ds := make(map[string]dschema.Attribute, len(o.fields))
	rs := make(map[string]rschema.Attribute, len(o.fields))
	for _, f := range o.fields {
		ds[f.name], rs[f.name] = f.schemaAttributes()
	}
	return ds, rs
}

func (o object[T]) dataSourceAttributes() map[string]dschema.Attribute {
	ds, _ := o.schemaAttributes()
	return ds
}

// dataSourceList is a computed list of the objects in a data source schema.
func (o object[T]) dataSourceList(description string) dschema.ListNestedAttribute {
	return dschema.ListNestedAttribute{Computed: true, MarkdownDescription: description,
		NestedObject: dschema.NestedAttributeObject{Attributes: o.dataSourceAttributes()}}
}

// resourceList is a computed list of the objects in a resource schema.
func (o object[T]) resourceList(description string) rschema.ListNestedAttribute {
	_, rs := o.schemaAttributes()
	return rschema.ListNestedAttribute{Computed: true, MarkdownDescription: description,
		NestedObject: rschema.NestedAttributeObject{Attributes: rs}}
}

func (f field[T]) tfType() tftypes.Type {
	switch f.kind {
	case kindInt64:
		return tftypes.Number
	case kindBool:
		return tftypes.Bool
	case kindStringMap:
		return tftypes.Map{ElementType: tftypes.String}
	case kindStringList:
		return tftypes.List{ElementType: tftypes.String}
	case kindObjectList:
		return tftypes.List{ElementType: f.nested.tfObjectType()}
	default:
		return tftypes.String
	}
}

// attrType is the field's type in the framework, as its schema attribute
// has it.
func (f field[T]) attrType() attr.Type {
	ds, _ := f.schemaAttributes()
	return ds.GetType()
}

// schemaAttributes are the field as a data source's and as a resource's
// computed attribute.
func (f field[T]) schemaAttributes() (dschema.Attribute, rschema.Attribute) {
	d := f.description
	switch f.kind {
	case kindInt64:
		return dschema.Int64Attribute{Computed: true, MarkdownDescription: d}, rschema.Int64Attribute{Computed: true, MarkdownDescription: d}
	case kindBool:
		return dschema.BoolAttribute{Computed: true, MarkdownDescription: d}, rschema.BoolAttribute{Computed: true, MarkdownDescription: d}
	case kindStringMap:
		return dschema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: d},
			rschema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: d}
	case kindStringList:
		return dschema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: d},
			rschema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: d}
	case kindObjectList:
		ds, rs := f.nested.schemaAttributes()
		return dschema.ListNestedAttribute{Computed: true, MarkdownDescription: d, NestedObject: dschema.NestedAttributeObject{Attributes: ds}},
			rschema.ListNestedAttribute{Computed: true, MarkdownDescription: d, NestedObject: rschema.NestedAttributeObject{Attributes: rs}}
	default:
		return dschema.StringAttribute{Computed: true, MarkdownDescription: d}, rschema.StringAttribute{Computed: true, MarkdownDescription: d}
	}
}

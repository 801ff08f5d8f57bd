package provider

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unsafe"

	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/vmihailenco/msgpack/v5"
)

// What is derived from each definition agrees with itself: the Terraform
// type of its values, of its framework attribute types, of its data
// source and of its resource attributes is one type, and a list written
// straight to MessagePack has the bytes of its Terraform value. Every
// object newObject built is checked (the registry definedObjects), with
// two samples of its Go type: one whose pointers point at zero values
// (nulls, empty lists), and one with every field set, slices of two
// elements with equal names (a repeated statistics row) included.
func TestObjectsAgreeWithThemselves(t *testing.T) {
	if len(definedObjects) == 0 {
		t.Fatal("no object is defined")
	}
	ctx := context.Background()
	for _, n := range definedObjects {
		o, ok := n.(definedObject)
		if !ok {
			t.Fatalf("%T in definedObjects is not an object built by newObject", n)
		}
		name := fmt.Sprintf("object of %T (%s)", o.zero(), strings.Join(attributeNames(o), ", "))
		ds, rs := o.schemaAttributes()
		want := o.tfObjectType()
		for sampleName, sample := range map[string]any{"zero sample": sampleOf(o.zero(), false), "full sample": sampleOf(o.zero(), true)} {
			value := o.valueOf(sample)
			for what, typ := range map[string]tftypes.Type{
				"value":              value.Type(),
				"framework type":     types.ObjectType{AttrTypes: o.attrTypes()}.TerraformType(ctx),
				"data source schema": dschema.NestedAttributeObject{Attributes: ds}.Type().TerraformType(ctx),
				"resource schema":    rschema.NestedAttributeObject{Attributes: rs}.Type().TerraformType(ctx),
			} {
				if !typ.Equal(want) {
					t.Errorf("%s, %s: the %s has type %s, the definition %s", name, sampleName, what, typ, want)
				}
			}
			if err := tftypes.ValidateValue(tftypes.List{ElementType: want}, []tftypes.Value{value}); err != nil {
				t.Errorf("%s, %s: %v", name, sampleName, err)
			}
			// Written directly, the value has the bytes of its Terraform value.
			var direct bytes.Buffer
			list, err := o.listOf(sample, msgpack.NewEncoder(&direct))
			if err != nil {
				t.Fatal(err)
			}
			encoded, err := protocolValue(tftypes.List{ElementType: want}, list)
			if err != nil || direct.String() != string(encoded.MsgPack) {
				t.Errorf("%s, %s: written directly %x, as values %x (%v)", name, sampleName, direct.Bytes(), encoded.MsgPack, err)
			}
		}
		for attr, a := range ds {
			if a.GetMarkdownDescription() == "" {
				t.Errorf("%s: attribute %s has no description", name, attr)
			}
		}
	}
}

// definedObject is an object of definedObjects, with what the test needs
// to build samples of its Go type T and read them.
type definedObject interface {
	nestedObject
	// zero is a T, for a test to build a sample from.
	zero() any
	// valueOf is value of a T passed as any.
	valueOf(v any) tftypes.Value
	// listOf is a list of the T passed as any, twice: as a Terraform value
	// and written straight to MessagePack.
	listOf(v any, enc *msgpack.Encoder) (tftypes.Value, error)
}

func (o object[T]) zero() any {
	var v T
	return v
}

func (o object[T]) valueOf(v any) tftypes.Value { return o.value(o.from(v)) }

func (o object[T]) listOf(v any, enc *msgpack.Encoder) (tftypes.Value, error) {
	two := []T{o.from(v), o.from(v)}
	return o.list(two), o.writeMsgPackList(enc, two)
}

func (o object[T]) from(v any) T {
	t, ok := v.(T)
	if !ok {
		panic(fmt.Sprintf("object of %T: given a %T", t, v))
	}
	return t
}

func attributeNames(o definedObject) []string {
	names := make([]string, 0, len(o.tfObjectType().AttributeTypes))
	for n := range o.tfObjectType().AttributeTypes {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// sampleOf is v with every nil pointer in it, exported field or not, set
// to a new value, so a getter that follows one does not panic; with full,
// every string, number, bool and time is set too, and every slice holds
// two such elements.
func sampleOf(v any, full bool) any {
	p := reflect.New(reflect.TypeOf(v))
	p.Elem().Set(reflect.ValueOf(v))
	fill(p.Elem(), full)
	return p.Elem().Interface()
}

var sampleTime = reflect.ValueOf(time.Date(2026, 11, 28, 18, 30, 0, 0, time.UTC))

func fill(v reflect.Value, full bool) {
	set := settable(v)
	switch {
	case v.Kind() == reflect.Pointer:
		if v.IsNil() {
			set.Set(reflect.New(v.Type().Elem()))
		}
		fill(v.Elem(), full)
	case !full:
		if v.Kind() == reflect.Struct {
			for i := range v.NumField() {
				fill(v.Field(i), full)
			}
		}
	case v.Type() == sampleTime.Type():
		set.Set(sampleTime)
	case v.Kind() == reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i), full)
		}
	case v.Kind() == reflect.String:
		set.SetString("x")
	case v.Kind() == reflect.Bool:
		set.SetBool(true)
	case v.CanInt():
		set.SetInt(1)
	case v.CanUint():
		set.SetUint(1)
	case v.Kind() == reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(s.Index(i), full)
		}
		set.Set(s)
	}
}

// settable makes an unexported field settable; v is addressable.
func settable(v reflect.Value) reflect.Value {
	if v.CanSet() {
		return v
	}
	return reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
}

func TestObjectRefusesAnAttributeDefinedTwice(t *testing.T) {
	before := slices.Clone(definedObjects)
	defer func() {
		if recover() == nil {
			t.Error("two attributes named common_name were accepted")
		}
		definedObjects = before
	}()
	newObject(
		textAttr("common_name", "", func(v violation) string { return v.session.CommonName }),
		textAttr("common_name", "", func(v violation) string { return v.reason }),
	)
}

package provider

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"unsafe"

	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// What is derived from each definition agrees with itself: the Terraform
// type of its values, of its framework attribute types, of its data
// source and of its resource attributes is one type. Every object
// newObject built is checked (the registry definedObjects), with a sample
// of its Go type whose pointers point at zero values.
func TestObjectsAgreeWithThemselves(t *testing.T) {
	if len(definedObjects) == 0 {
		t.Fatal("no object is defined")
	}
	ctx := context.Background()
	for _, o := range definedObjects {
		name := fmt.Sprintf("object of %T (%s)", o.zero(), strings.Join(attributeNames(o), ", "))
		ds, rs := o.schemaAttributes()
		want := o.tfObjectType()
		sample := o.valueOf(sampleOf(o.zero()))
		for what, typ := range map[string]tftypes.Type{
			"value":              sample.Type(),
			"framework type":     types.ObjectType{AttrTypes: o.attrTypes()}.TerraformType(ctx),
			"data source schema": dschema.NestedAttributeObject{Attributes: ds}.Type().TerraformType(ctx),
			"resource schema":    rschema.NestedAttributeObject{Attributes: rs}.Type().TerraformType(ctx),
		} {
			if !typ.Equal(want) {
				t.Errorf("%s: the %s has type %s, the definition %s", name, what, typ, want)
			}
		}
		if err := tftypes.ValidateValue(tftypes.List{ElementType: want}, []tftypes.Value{sample}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		for attr, a := range ds {
			if a.GetMarkdownDescription() == "" {
				t.Errorf("%s: attribute %s has no description", name, attr)
			}
		}
	}
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
// to a new zero value, so a getter that follows one does not panic.
func sampleOf(v any) any {
	p := reflect.New(reflect.TypeOf(v))
	p.Elem().Set(reflect.ValueOf(v))
	fill(p.Elem())
	return p.Elem().Interface()
}

func fill(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			settable(v).Set(reflect.New(v.Type().Elem()))
		}
		fill(v.Elem())
	case reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i))
		}
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

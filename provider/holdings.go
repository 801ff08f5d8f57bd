package provider

import (
	"context"
	"strconv"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// holdings records, for one run of the provider (one Configure), which
// resource plans to hold each setting of each daemon, so that a second
// resource holding the same one is refused at plan. Terraform tells a
// provider no resource addresses, so a resource is recognised by its
// plans: Terraform plans each resource instance once per run, except that
// it plans a replacement a second time, as a create (no prior state) that
// carries the first plan's private data as its PriorPrivate (terraform
// and OpenTofu, node_resource_abstract_instance.go, from 1.5 on). So the
// first plan of a resource in state leaves a token in its private data,
// and only a create that carries that token is the same resource; a copy
// with the very same configuration is another one.
type holdings struct {
	mu     sync.Mutex
	held   map[holdingKey]*holding
	issued int
}

type holdingKey struct{ daemon, setting string }

type holding struct {
	// token is in the private data of the holder's plan (with a prior
	// state); "" for a holder planned as a create.
	token     string
	replanned bool // the create half of its replacement came
}

// holdingPrivateKey is the key of the token in a plan's private data.
const holdingPrivateKey = "holding"

// hold records that a resource holds setting of daemon. prior says it was
// planned with a prior state; carried is the token its request's private
// data carries (nil for none). It reports false when another resource
// already holds it, and the token to leave in the plan's private data
// (nil for none).
func (h *holdings) hold(daemon, setting string, prior bool, carried []byte) (ok bool, token []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	k := holdingKey{daemon, setting}
	held, found := h.held[k]
	if !found {
		if h.held == nil {
			h.held = map[holdingKey]*holding{}
		}
		held = &holding{}
		if prior {
			h.issued++
			held.token = strconv.Itoa(h.issued)
			token = []byte(strconv.Quote(held.token))
		}
		h.held[k] = held
		return true, token
	}
	if !prior && held.token != "" && !held.replanned && string(carried) == strconv.Quote(held.token) {
		held.replanned = true // the create half of a replacement
		return true, nil
	}
	return false, nil
}

// planDaemon is every resource's check at plan: the daemon it names must
// be one of the provider block's, and no other resource of the run may
// hold the same setting of that daemon. typeName and setting name what
// the resource holds ("openvpn_verb", "verb").
func (a *clientAccess) planDaemon(ctx context.Context, typeName, setting string, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	diags := &resp.Diagnostics
	if req.Plan.Raw.IsNull() || a.data == nil {
		return // a destroy holds nothing; before Configure nothing is known
	}
	daemon, ok := daemonIn(ctx, req.Plan, diags)
	if !ok || daemon.IsUnknown() {
		return // checked again when Terraform plans it with the value known
	}
	if a.checkDaemon(daemon, diags); diags.HasError() {
		return
	}
	var carried []byte
	if req.Private != nil {
		var d diag.Diagnostics
		carried, d = req.Private.GetKey(ctx, holdingPrivateKey)
		diags.Append(d...)
	}
	held, token := a.data.holdings.hold(daemon.ValueString(), setting, !req.State.Raw.IsNull(), carried)
	if !held {
		settingHeldTwice(diags, typeName, daemon.ValueString())
		return
	}
	if resp.Private != nil {
		// No token: a create's plan drops the one it carried, so state
		// never keeps one.
		diags.Append(resp.Private.SetKey(ctx, holdingPrivateKey, token)...)
	}
}

package provider

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// holdings records, for one run of the provider (one Configure), which
// resource plans to hold each setting of each daemon, so that a second
// resource holding the same one is refused at plan. Terraform tells a
// provider no resource addresses, so a resource is recognised by its
// plan: Terraform plans each resource instance once per run, except that
// it plans a replacement a second time, as a create with the same
// configuration (no prior state); that second plan is the same resource.
type holdings struct {
	mu   sync.Mutex
	held map[holdingKey]*holding
}

type holdingKey struct{ daemon, setting string }

type holding struct {
	config tftypes.Value
	// replaceable: planned with a prior state, so Terraform may plan it
	// again as a create; replanned once it did.
	replaceable, replanned bool
}

// hold records that a resource whose configuration is config holds setting
// of daemon; prior says it was planned with a prior state. It reports
// false when another resource already holds it.
func (h *holdings) hold(daemon, setting string, config tftypes.Value, prior bool) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	k := holdingKey{daemon, setting}
	held, ok := h.held[k]
	if !ok {
		if h.held == nil {
			h.held = map[holdingKey]*holding{}
		}
		h.held[k] = &holding{config: config, replaceable: prior}
		return true
	}
	if held.replaceable && !held.replanned && !prior && held.config.Equal(config) {
		held.replanned = true // the create half of a replacement
		return true
	}
	return false
}

// planDaemon is every resource's check at plan: the daemon it names must
// be one of the provider block's, and no other resource of the run may
// hold the same setting of that daemon. typeName and setting name what
// the resource holds ("openvpn_verb", "verb").
func (a *clientAccess) planDaemon(ctx context.Context, typeName, setting string, req resource.ModifyPlanRequest, diags *diag.Diagnostics) {
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
	if !a.data.holdings.hold(daemon.ValueString(), setting, req.Config.Raw, !req.State.Raw.IsNull()) {
		settingHeldTwice(diags, typeName, daemon.ValueString())
	}
}

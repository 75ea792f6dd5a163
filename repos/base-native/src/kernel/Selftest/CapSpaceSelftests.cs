namespace Framework.Kernel.Native.Selftest;

/// <summary>The capability space on its own: selectors, the reverse index, generations, exhaustion.</summary>
internal sealed class CapSpaceSelftests
{
    public SelftestSuite Suite() => new("capspace", new SelftestCase[]
    {
        new("install_lookup_delete", InstallLookupDelete),
        new("same_object_same_selector", SameObjectSameSelector),
        new("recycled_object_new_selector", RecycledObjectNewSelector),
        new("full_space", FullSpace),
        new("well_known_selectors", WellKnownSelectors),
    });

    private SyscallStatus InstallLookupDelete(SelftestContext t)
    {
        var caps = new CapSpace(32);
        SyscallResult sel = caps.Install(CapKind.Object, 7, 1);
        bool found = caps.TryGet((int)sel.Value, out CapSlot slot);
        bool ok = t.CheckStatus(sel.Status, SyscallStatus.Ok, "install")
            && t.Check(sel.Value >= CapSpace.FirstDynamic, "dynamic selectors start above the well-known ones")
            && t.Check(found && slot.Kind == CapKind.Object && slot.Index == 7 && slot.Generation == 1, "lookup finds the object")
            && t.CheckStatus(caps.Delete((int)sel.Value), SyscallStatus.Ok, "delete")
            && t.Check(!caps.TryGet((int)sel.Value, out _), "a deleted selector names nothing")
            && t.CheckStatus(caps.Delete((int)sel.Value), SyscallStatus.BadCapability, "a second delete is refused")
            && t.Check(caps.Used == 0, "no slot in use");
        return ok ? SyscallStatus.Ok : SyscallStatus.Failed;
    }

    private SyscallStatus SameObjectSameSelector(SelftestContext t)
    {
        var caps = new CapSpace(32);
        SyscallResult first = caps.Install(CapKind.Object, 3, 1);
        int used = caps.Used;
        for (int i = 0; i < 1000; i++)
        {
            SyscallResult again = caps.Install(CapKind.Object, 3, 1);
            if (!t.Check(again.Value == first.Value, "delegating the same object again yields its selector"))
            {
                return SyscallStatus.Failed;
            }
        }

        return t.Check(caps.Used == used, "1000 delegations consume one slot") ? SyscallStatus.Ok : SyscallStatus.Failed;
    }

    private SyscallStatus RecycledObjectNewSelector(SelftestContext t)
    {
        var caps = new CapSpace(32);
        SyscallResult old = caps.Install(CapKind.Semaphore, 5, 1);
        SyscallResult recycled = caps.Install(CapKind.Semaphore, 5, 2);
        caps.TryGet((int)old.Value, out CapSlot stale);
        return t.Check(recycled.IsSuccess && recycled.Value != old.Value, "a new incarnation gets a new selector")
            && t.Check(stale.Generation != 2, "the old selector keeps naming the old incarnation")
            ? SyscallStatus.Ok
            : SyscallStatus.Failed;
    }

    private SyscallStatus FullSpace(SelftestContext t)
    {
        var caps = new CapSpace(CapSpace.FirstDynamic + 4);
        for (int i = 0; i < 4; i++)
        {
            if (!t.CheckStatus(caps.Install(CapKind.Object, 100 + i, 1).Status, SyscallStatus.Ok, "fill"))
            {
                return SyscallStatus.Failed;
            }
        }

        SyscallResult full = caps.Install(CapKind.Object, 200, 1);
        bool ok = t.CheckStatus(full.Status, SyscallStatus.OutOfSlots, "a full space reports OutOfSlots")
            && t.CheckStatus(caps.Delete(CapSpace.FirstDynamic), SyscallStatus.Ok, "free one")
            && t.CheckStatus(caps.Install(CapKind.Object, 200, 1).Status, SyscallStatus.Ok, "the freed slot is reused");
        return ok ? SyscallStatus.Ok : SyscallStatus.Failed;
    }

    private SyscallStatus WellKnownSelectors(SelftestContext t)
    {
        var caps = new CapSpace(32);
        bool ok = t.CheckStatus(caps.InstallAt(1, CapKind.Object, 9, 1), SyscallStatus.Ok, "the parent at selector 1")
            && t.CheckStatus(caps.InstallAt(CapSpace.FirstDynamic, CapKind.Object, 9, 1), SyscallStatus.BadArgument, "dynamic selectors are not well-known")
            && t.Check(caps.TryGet(1, out CapSlot parent) && parent.Index == 9, "selector 1 names the parent");
        return ok ? SyscallStatus.Ok : SyscallStatus.Failed;
    }
}

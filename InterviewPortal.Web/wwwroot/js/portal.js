// Small browser helpers the portal's components call through IJSRuntime (no inline script: the CSP forbids it).
(() => {
    // The areas portal.inUse found out of use, each with the focus that has reached it since (StandInRelease).
    const standInSwaps = new WeakMap();

    function forgetSwap(area) {
        const swap = standInSwaps.get(area);
        if (swap) {
            area.removeEventListener("focusin", swap.listener);
            standInSwaps.delete(area);
        }
        return swap;
    }

    window.portal = {
        copyText: async function (text) {
            await navigator.clipboard.writeText(text);
            return true;
        },
        print: function () {
            window.print();
        },
        // Saves a file streamed from the server (DotNetStreamReference) without a second request.
        downloadStream: async function (fileName, contentType, streamRef) {
            const buffer = await streamRef.arrayBuffer();
            const url = URL.createObjectURL(new Blob([buffer], { type: contentType }));
            const a = document.createElement("a");
            a.href = url;
            a.download = fileName;
            document.body.appendChild(a);
            a.click();
            a.remove();
            URL.revokeObjectURL(url);
        },
        // Stand-ins (StandInRelease): whether the focus is in one of areas or the pointer over one of hoverAreas.
        // When neither is, the server is about to put stand-ins back in the areas; a focus that reaches one of them
        // before they land is remembered (the data-testid of the control it reached) for restoreFocus.
        inUse: function (areas, hoverAreas) {
            const active = document.activeElement;
            if (areas.some(a => a && a.contains(active)) || hoverAreas.some(a => a && a.matches(":hover"))) {
                return true;
            }
            for (const area of areas.filter(a => a)) {
                forgetSwap(area);
                const swap = { testId: null };
                swap.listener = e => {
                    swap.testId = e.target.closest("[data-testid]")?.getAttribute("data-testid") ?? null;
                };
                area.addEventListener("focusin", swap.listener);
                standInSwaps.set(area, swap);
            }
            return false;
        },
        // Once the stand-ins have landed: a focus lost because the control it reached was replaced goes to the
        // stand-in with the same data-testid (its first focusable element), which passes it on to the real control.
        restoreFocus: function (areas) {
            for (const area of areas.filter(a => a)) {
                const swap = forgetSwap(area);
                const active = document.activeElement;
                if (swap?.testId && (active === null || active === document.body)) {
                    const target = area.querySelector(`[data-testid="${CSS.escape(swap.testId)}"]`);
                    const focusable = target?.matches("input, button, [tabindex]:not([tabindex='-1'])")
                        ? target
                        : target?.querySelector("input, button, [tabindex]:not([tabindex='-1'])");
                    focusable?.focus();
                }
            }
        }
    };
})();

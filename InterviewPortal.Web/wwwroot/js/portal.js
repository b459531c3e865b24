// Small browser helpers the portal's components call through IJSRuntime (no inline script: the CSP forbids it).
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
    }
};

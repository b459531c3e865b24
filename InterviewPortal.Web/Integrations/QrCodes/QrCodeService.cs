using QRCoder;

namespace InterviewPortal.Web.Integrations.QrCodes;

/// <summary>Standard QR codes as PNG (QRCoder's own PNG writer: no System.Drawing, works on Linux servers).</summary>
public sealed class QrCodeService
{
    public const int DefaultPixelsPerModule = 10;

    /// <summary>
    /// A PNG of a QR code holding exactly <paramref name="text"/> (UTF-8, error correction M, 4-module quiet zone).
    /// At 10 px per module an invitation link makes a code of about 370 px: fine on screen and in print.
    /// </summary>
    public byte[] RenderPng(string text, int pixelsPerModule = DefaultPixelsPerModule)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(pixelsPerModule, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pixelsPerModule, 40);
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }
}

using QRCoder;

namespace InterviewPortal.Web.Features.Invitations;

/// <summary>Standard QR codes (PNG) for invitation links, when no WeChat mini-program code is available.</summary>
public static class QrCodes
{
    /// <summary>A PNG of <paramref name="text"/> at error-correction level M, 10 pixels a module, with the quiet zone.</summary>
    public static byte[] Png(string text, int pixelsPerModule = 10)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }
}

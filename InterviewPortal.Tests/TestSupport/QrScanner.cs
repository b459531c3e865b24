using SkiaSharp;
using ZXing;
using ZXing.Common;

namespace InterviewPortal.Tests.TestSupport;

public static class QrScanner
{
    /// <summary>Decodes the image (SkiaSharp) and reads it as a scanner would (ZXing): the text in the QR code, or null.</summary>
    public static string? Scan(byte[] image)
    {
        using var bitmap = SKBitmap.Decode(image);
        Assert.NotNull(bitmap);
        var luminance = new byte[bitmap.Width * bitmap.Height];
        var pixels = bitmap.Pixels;
        for (var i = 0; i < pixels.Length; i++)
        {
            luminance[i] = (byte)((pixels[i].Red * 299 + pixels[i].Green * 587 + pixels[i].Blue * 114) / 1000);
        }

        var reader = new BarcodeReaderGeneric
        {
            Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true },
        };
        return reader.Decode(new RGBLuminanceSource(luminance, bitmap.Width, bitmap.Height, RGBLuminanceSource.BitmapFormat.Gray8))?.Text;
    }
}

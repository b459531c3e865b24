using InterviewPortal.Web.Integrations.QrCodes;
using SkiaSharp;
using ZXing;
using ZXing.Common;

namespace InterviewPortal.Tests.Web.Integrations.QrCodes;

public sealed class QrCodeServiceTests
{
    private readonly QrCodeService _qr = new();

    /// <summary>Decodes the PNG as an image (SkiaSharp) and reads it as a scanner would (ZXing), nothing else.</summary>
    private static string? Scan(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png);
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

    [Theory]
    [InlineData("https://portal.example.com/i/AbC123xyz0AbC123xyz0AbC123xyz0Ab")]
    [InlineData("http://127.0.0.1:5080/i/k9")]
    [InlineData("https://面试.example.cn/i/Token123?src=card&x=1")]
    public void RenderPng_IsAPngThatScansBackToExactlyTheLink(string link)
    {
        var png = _qr.RenderPng(link);

        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.Equal(link, Scan(png));
    }

    [Fact]
    public void RenderPng_HasAQuietZoneAndScalesWithPixelsPerModule()
    {
        using var small = SKBitmap.Decode(_qr.RenderPng("https://portal.example.com/i/AbC123", 4));
        using var large = SKBitmap.Decode(_qr.RenderPng("https://portal.example.com/i/AbC123", 10));

        Assert.Equal(small.Width * 10 / 4, large.Width);
        Assert.Equal(SKColors.White, large.GetPixel(2, 2));
        Assert.Equal(SKColors.Black, large.GetPixel(4 * 10 + 2, 4 * 10 + 2));
    }

    [Fact]
    public void RenderPng_RefusesAnEmptyText()
    {
        Assert.ThrowsAny<ArgumentException>(() => _qr.RenderPng(""));
    }
}

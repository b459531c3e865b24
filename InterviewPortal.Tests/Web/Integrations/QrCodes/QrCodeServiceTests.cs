using InterviewPortal.Tests.TestSupport;
using InterviewPortal.Web.Integrations.QrCodes;
using SkiaSharp;

namespace InterviewPortal.Tests.Web.Integrations.QrCodes;

public sealed class QrCodeServiceTests
{
    private readonly QrCodeService _qr = new();

    private static string? Scan(byte[] png) => QrScanner.Scan(png);

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

using InterviewPortal.Domain;
using InterviewPortal.Domain.Permission;
using InterviewPortal.Tests.TestSupport;

namespace InterviewPortal.Tests.Domain.Permission;

public sealed class MaterialImageTests
{
    [Fact]
    public void APng_IsAccepted_WithItsDimensionsFromTheHeader()
    {
        var info = MaterialImage.Inspect(TestImages.Png(640, 480));

        Assert.Equal(("image/png", 640, 480), (info.ContentType, info.Width, info.Height));
    }

    [Fact]
    public void AJpeg_IsAccepted_WithItsDimensionsFromTheFrameHeader()
    {
        var info = MaterialImage.Inspect(TestImages.Jpeg(1242, 2208, totalBytes: 300_000));

        Assert.Equal(("image/jpeg", 1242, 2208), (info.ContentType, info.Width, info.Height));
    }

    [Fact]
    public void AFakeImage_IsRefusedAsNotAnImage() =>
        Assert.Equal("PermissionUploadNotImage", Assert.Throws<DomainException>(() => MaterialImage.Inspect(TestImages.FakeImage())).MessageKey);

    [Fact]
    public void APdfRenamedPng_IsRefusedAsNotAnImage() =>
        Assert.Equal("PermissionUploadNotImage", Assert.Throws<DomainException>(() => MaterialImage.Inspect(TestImages.Pdf())).MessageKey);

    [Theory]
    [InlineData("png", 20)]
    [InlineData("png", 200)]
    [InlineData("jpeg", 30)]
    [InlineData("jpeg", 100)]
    public void ATruncatedImage_IsRefusedAsTruncated(string kind, int keep)
    {
        var full = kind == "png" ? TestImages.Png(64, 64) : TestImages.Jpeg(64, 64, totalBytes: 400);
        var cut = full[..Math.Min(keep, full.Length - 3)];

        Assert.Equal("PermissionUploadTruncated", Assert.Throws<DomainException>(() => MaterialImage.Inspect(cut)).MessageKey);
    }

    [Fact]
    public void AThreeMegabyteJpeg_IsRefusedAsTooLarge_AndSoIsExactlyTwoMegabytes()
    {
        Assert.Equal("PermissionUploadTooLarge", Assert.Throws<DomainException>(() => MaterialImage.Inspect(TestImages.Jpeg(4000, 3000, totalBytes: 3 * 1024 * 1024))).MessageKey);
        Assert.Equal("PermissionUploadTooLarge", Assert.Throws<DomainException>(() => MaterialImage.Inspect(TestImages.Jpeg(4000, 3000, totalBytes: MaterialImage.MaxBytes))).MessageKey);
        Assert.Equal(4000, MaterialImage.Inspect(TestImages.Jpeg(4000, 3000, totalBytes: MaterialImage.MaxBytes - 100)).Width);
    }

    [Fact]
    public void AnEmptyFile_IsRefused() =>
        Assert.Equal("PermissionUploadEmpty", Assert.Throws<DomainException>(() => MaterialImage.Inspect([])).MessageKey);
}

using System.Buffers.Binary;

namespace InterviewPortal.Domain.Permission;

/// <summary>What an accepted upload turned out to be, read from its bytes.</summary>
public sealed record ImageInfo(string ContentType, string Extension, int Width, int Height);

/// <summary>
/// The upload rules for permission materials (WeChat accepts JPG or PNG under 2 MB). The type is decided by the content,
/// never by the name: the signature must be PNG or JPEG, the dimensions are read from the header (PNG IHDR, JPEG SOFn),
/// and the file must be complete (PNG ends with IEND, JPEG reaches its SOF and ends with EOI).
/// </summary>
public static class MaterialImage
{
    /// <summary>"&lt; 2 MB": a file of exactly 2 MiB is refused.</summary>
    public const int MaxBytes = 2 * 1024 * 1024;

    public const int MaxMegabytes = MaxBytes / 1024 / 1024;

    private const int MaxSide = 20_000;

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> PngEnd => [0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];

    public static ImageInfo Inspect(ReadOnlySpan<byte> content)
    {
        if (content.Length == 0)
        {
            throw new DomainException("PermissionUploadEmpty");
        }

        if (content.Length >= MaxBytes)
        {
            throw new DomainException("PermissionUploadTooLarge", MaxMegabytes);
        }

        if (content.StartsWith(PngSignature))
        {
            return InspectPng(content);
        }

        if (content.Length >= 3 && content[0] == 0xFF && content[1] == 0xD8 && content[2] == 0xFF)
        {
            return InspectJpeg(content);
        }

        throw new DomainException("PermissionUploadNotImage");
    }

    private static ImageInfo InspectPng(ReadOnlySpan<byte> content)
    {
        // Signature (8) + IHDR length (4) + "IHDR" (4) + width (4) + height (4) + 5 bytes + CRC (4) = 33.
        if (content.Length < 33)
        {
            throw new DomainException("PermissionUploadTruncated");
        }

        if (!content.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            throw new DomainException("PermissionUploadNotImage");
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(content.Slice(16, 4));
        var height = BinaryPrimitives.ReadUInt32BigEndian(content.Slice(20, 4));
        if (!content.EndsWith(PngEnd))
        {
            throw new DomainException("PermissionUploadTruncated");
        }

        return Checked("image/png", ".png", width, height);
    }

    private static ImageInfo InspectJpeg(ReadOnlySpan<byte> content)
    {
        var at = 2;
        uint? width = null, height = null;
        while (width is null)
        {
            // Markers may be preceded by fill bytes (0xFF).
            while (at < content.Length && content[at] == 0xFF)
            {
                at++;
            }

            if (at >= content.Length)
            {
                throw new DomainException("PermissionUploadTruncated");
            }

            var marker = content[at++];
            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7))
            {
                continue; // standalone markers have no length
            }

            if (marker is 0xD9 or 0xDA)
            {
                // End of image or start of scan before any frame header: not a picture we can size.
                throw new DomainException(marker == 0xD9 ? "PermissionUploadTruncated" : "PermissionUploadNotImage");
            }

            if (at + 2 > content.Length)
            {
                throw new DomainException("PermissionUploadTruncated");
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(content.Slice(at, 2));
            if (length < 2)
            {
                throw new DomainException("PermissionUploadNotImage");
            }

            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (at + 7 > content.Length)
                {
                    throw new DomainException("PermissionUploadTruncated");
                }

                height = BinaryPrimitives.ReadUInt16BigEndian(content.Slice(at + 3, 2));
                width = BinaryPrimitives.ReadUInt16BigEndian(content.Slice(at + 5, 2));
            }

            at += length;
            if (at > content.Length)
            {
                throw new DomainException("PermissionUploadTruncated");
            }
        }

        // The image ends with EOI (FF D9); a few padding bytes after it are tolerated.
        var tail = content[Math.Max(0, content.Length - 16)..];
        if (tail.LastIndexOf([(byte)0xFF, (byte)0xD9]) < 0)
        {
            throw new DomainException("PermissionUploadTruncated");
        }

        return Checked("image/jpeg", ".jpg", width.Value, height!.Value);
    }

    private static ImageInfo Checked(string contentType, string extension, uint width, uint height) =>
        width is 0 or > MaxSide || height is 0 or > MaxSide
            ? throw new DomainException("PermissionUploadNotImage")
            : new ImageInfo(contentType, extension, (int)width, (int)height);
}

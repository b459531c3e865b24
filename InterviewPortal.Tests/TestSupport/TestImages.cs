using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace InterviewPortal.Tests.TestSupport;

/// <summary>Real, decodable PNGs and structurally valid JPEGs of a given size, and the broken files uploads must refuse.</summary>
public static class TestImages
{
    public static byte[] Png(int width, int height)
    {
        using var raw = new MemoryStream();
        var row = new byte[1 + (width * 3)];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                row[1 + (x * 3)] = (byte)(x * 7);
                row[2 + (x * 3)] = (byte)(y * 5);
                row[3 + (x * 3)] = 200;
            }

            raw.Write(row);
        }

        using var zipped = new MemoryStream();
        using (var z = new ZLibStream(zipped, CompressionLevel.Fastest, leaveOpen: true))
        {
            z.Write(raw.ToArray());
        }

        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // truecolour
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "IDAT", zipped.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>SOI, APP0, SOF0 with the size, a scan and EOI, padded (inside a COM segment) to <paramref name="totalBytes"/>.</summary>
    public static byte[] Jpeg(int width, int height, int totalBytes = 0)
    {
        using var jpg = new MemoryStream();
        jpg.Write([0xFF, 0xD8]);
        jpg.Write([0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        // SOI + APP0 + SOF0 + SOS + scan data + EOI = 2 + 18 + 19 + 14 + 4 + 2 bytes; comment segments fill the rest.
        var padding = totalBytes - 59;
        while (padding >= 4)
        {
            var segment = Math.Min(padding, 65537);
            var length = segment - 2;
            jpg.Write([0xFF, 0xFE, (byte)(length >> 8), (byte)length]);
            jpg.Write(new byte[length - 2]);
            padding -= segment;
        }

        jpg.Write([0xFF, 0xC0, 0x00, 0x11, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        jpg.Write([0xFF, 0xDA, 0x00, 0x0C, 0x03, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3F, 0]);
        jpg.Write([0x12, 0x34, 0x56, 0x78]);
        jpg.Write([0xFF, 0xD9]);
        return jpg.ToArray();
    }

    public static byte[] Pdf() => Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

    /// <summary>Text pretending to be an image (a .png name, no image signature).</summary>
    public static byte[] FakeImage() => Encoding.UTF8.GetBytes("这不是图片 — just text with a .png name");

    private static void Chunk(Stream s, string type, byte[] data)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, data.Length);
        Encoding.ASCII.GetBytes(type, header.AsSpan(4));
        s.Write(header);
        s.Write(data);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32([.. header.AsSpan(4).ToArray(), .. data]));
        s.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}

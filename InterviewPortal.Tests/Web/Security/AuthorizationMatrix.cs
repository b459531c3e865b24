using System.Reflection;
using System.Text.RegularExpressions;
using InterviewPortal.Web.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewPortal.Tests.Web.Security;

/// <summary>One row of authorization-matrix.md: a route, the address tried, and the outcome expected per role.</summary>
public sealed record MatrixRow(int Line, string Method, string Route, string Try, IReadOnlyDictionary<string, string> Expected);

/// <summary>
/// The expected authorization of every page and endpoint, read from <c>authorization-matrix.md</c> (a markdown table),
/// and every route the portal itself knows (its endpoint data source, and the routable components of the Web assembly).
/// </summary>
public static partial class AuthorizationMatrix
{
    public static readonly string[] Roles = ["Anonymous", "Admin", "HR", "Interviewer", "OtherInterviewer", "AgencyA", "AgencyB", "Auditor"];

    public static readonly string[] Outcomes = ["ok", "login", "denied", "404", "redirect", "400", "401", "405", "409"];

    public static string FilePath => Path.Combine(AppContext.BaseDirectory, "Web", "Security", "authorization-matrix.md");

    public static IReadOnlyList<MatrixRow> Read()
    {
        var rows = new List<MatrixRow>();
        string[]? header = null;
        var lines = File.ReadAllLines(FilePath);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (!line.StartsWith('|'))
            {
                header = line.Length == 0 ? header : null;
                continue;
            }

            var cells = line.Trim('|').Split('|').Select(c => c.Trim().Trim('`')).ToArray();
            if (header is null)
            {
                header = cells;
                var expectedHeader = new[] { "Method", "Route", "Try" }.Concat(Roles).ToArray();
                if (!header.SequenceEqual(expectedHeader))
                {
                    throw new InvalidDataException($"authorization-matrix.md line {i + 1}: the table's columns must be {string.Join(" | ", expectedHeader)}");
                }

                continue;
            }

            if (cells.All(c => c.Length == 0 || c.All(ch => ch is '-' or ':')))
            {
                continue;
            }

            if (cells.Length != header.Length)
            {
                throw new InvalidDataException($"authorization-matrix.md line {i + 1}: {cells.Length} cells, the header has {header.Length}");
            }

            var expected = new Dictionary<string, string>();
            for (var r = 0; r < Roles.Length; r++)
            {
                var outcome = cells[3 + r];
                if (!Outcomes.Contains(outcome))
                {
                    throw new InvalidDataException($"authorization-matrix.md line {i + 1}: '{outcome}' for {Roles[r]} is not one of {string.Join(", ", Outcomes)}");
                }

                expected[Roles[r]] = outcome;
            }

            rows.Add(new MatrixRow(i + 1, cells[0], cells[1], cells[2].Length == 0 ? cells[1] : cells[2], expected));
        }

        return rows;
    }

    /// <summary>
    /// Every route the running portal answers, as "METHOD route" (pages are "GET route", an endpoint for every method "ANY route"): the endpoint data source's
    /// route endpoints except the static files MapStaticAssets serves (public by design, listed nowhere else), plus
    /// every routable component in the Web assembly (so a page the router knows but no endpoint maps is caught too).
    /// </summary>
    public static SortedSet<string> Discover(IServiceProvider services)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var source in services.GetServices<EndpointDataSource>())
        {
            foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
            {
                if (endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not null)
                {
                    continue;
                }

                var route = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
                var isPage = endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;
                var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
                found.Add($"{(isPage ? "GET" : methods.Count == 0 ? "ANY" : string.Join(",", methods))} {route}");
            }
        }

        foreach (var type in typeof(App).Assembly.GetTypes().Where(t => typeof(IComponent).IsAssignableFrom(t)))
        {
            foreach (var route in type.GetCustomAttributes<RouteAttribute>())
            {
                found.Add("GET /" + route.Template.TrimStart('/'));
            }
        }

        return found;
    }

    /// <summary>Fills <c>{name}</c> placeholders of a row's address with the seeded world's values.</summary>
    public static string Fill(string template, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(template, m => values.TryGetValue(m.Groups[1].Value, out var v)
            ? v
            : throw new InvalidDataException($"authorization-matrix.md: no seeded value for {{{m.Groups[1].Value}}} in '{template}' (known: {string.Join(", ", values.Keys)})"));

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();
}

namespace InterviewPortal.Tests.TestSupport;

/// <summary>One started portal per test class.</summary>
public sealed class PortalAppFactoryFixture : IAsyncLifetime
{
    public PortalAppFactory Factory { get; } = new();

    public Task InitializeAsync()
    {
        _ = Factory.Server; // starts the host: migrations and the bootstrap admin run now
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

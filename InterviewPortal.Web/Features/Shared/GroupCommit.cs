using System.Threading.Channels;
using InterviewPortal.Web.Data;

namespace InterviewPortal.Web.Features.Shared;

/// <summary>
/// Group commit for hot, small writes: callers hand over a request and wait; one writer takes everything that arrived
/// meanwhile and writes it as one batch (one transaction), then answers each caller with its own result. Nothing is
/// answered before it is written. A batch that fails is written again one request at a time, so one bad request (or a
/// race with another node on a unique index) fails only its own caller; a batch refused because the database stayed
/// locked fails all its callers at once. Each batch, with its retries, passes the <see cref="SqliteWriteGate"/>, which
/// tells the background checkpoint that it committed and can hold it back while the log is brought to its start.
/// </summary>
public abstract class GroupCommit<TRequest, TResult> : IAsyncDisposable
{
    private const int MaxBatch = 256;
    private readonly Channel<(TRequest Request, TaskCompletionSource<TResult> Done)> _queue =
        Channel.CreateUnbounded<(TRequest, TaskCompletionSource<TResult>)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly ILogger _log;
    private readonly SqliteWriteGate _gate;
    private readonly Task _writer;

    protected GroupCommit(SqliteWriteGate gate, ILogger log)
    {
        _gate = gate;
        _log = log;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Writes the batch in one transaction; one result per request, in order.</summary>
    protected abstract Task<IReadOnlyList<TResult>> WriteBatchAsync(IReadOnlyList<TRequest> batch);

    /// <summary>Writes one request on its own, after its batch failed.</summary>
    protected virtual async Task<TResult> WriteAloneAsync(TRequest request) => (await WriteBatchAsync([request]))[0];

    /// <summary>
    /// True when <see cref="WriteAloneAsync"/> differs from a batch of one (it settles races the batch cannot), so even a
    /// single failed request is written again that way.
    /// </summary>
    protected virtual bool HasOwnAlonePath => false;

    /// <summary>How a failed request is named in the log.</summary>
    protected abstract string Describe(TRequest request);

    protected Task<TResult> SubmitAsync(TRequest request)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        return _queue.Writer.TryWrite((request, done)) ? done.Task : Task.FromException<TResult>(new ObjectDisposedException(GetType().Name));
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
        GC.SuppressFinalize(this);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<(TRequest Request, TaskCompletionSource<TResult> Done)>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            using var pass = await _gate.EnterAsync();
            try
            {
                var results = await WriteBatchAsync([.. batch.Select(b => b.Request)]);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(results[i]);
                }
            }
            catch (Exception ex) when (DbErrors.IsBusy(ex))
            {
                // The batch never got the write lock, so nothing of it was written; one by one, each caller would wait the
                // whole timeout again, in turn.
                _log.LogWarning(ex, "Group commit of {Count} writes refused: the database stayed locked", batch.Count);
                foreach (var (_, done) in batch)
                {
                    done.TrySetException(ex);
                }
            }
            catch (Exception ex) when (batch.Count > 1 || HasOwnAlonePath)
            {
                _log.LogWarning(ex, "Group commit of {Count} writes failed; writing them one by one", batch.Count);
                foreach (var (request, done) in batch)
                {
                    try
                    {
                        done.TrySetResult(await WriteAloneAsync(request));
                    }
                    catch (Exception single)
                    {
                        _log.LogError(single, "{Write} failed", Describe(request));
                        done.TrySetException(single);
                    }
                }
            }
            catch (Exception ex)
            {
                _log.LogError(ex, "{Write} failed", Describe(batch[0].Request));
                batch[0].Done.TrySetException(ex);
            }

            batch.Clear();
        }
    }
}

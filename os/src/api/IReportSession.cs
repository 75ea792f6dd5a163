using Framework.Base.Session;
using Framework.Rpc;

namespace Framework.Os.Api;

/// <summary>
/// The Report service (Genode's Report::Session): a client writes a report into the session's
/// dataspace and submits its length; a report_rom server then offers it as a ROM module.
/// </summary>
[RpcInterface("Report")]
public partial interface IReportSession
{
    /// <summary>The buffer the client writes its report into (<c>buffer_size</c> bytes of the session arguments).</summary>
    [Rpc(0)] Capability<IDataspace> Dataspace();

    /// <summary>Publishes the first <paramref name="length"/> bytes of the buffer.</summary>
    [Rpc(1)] void Submit(ulong length);

    /// <summary>Registers the signal context told when a response is available.</summary>
    [Rpc(2)] void ResponseSigh(Capability context);

    /// <summary>Copies the response into the buffer and returns its length (0: none).</summary>
    [Rpc(3)] ulong ObtainResponse();
}

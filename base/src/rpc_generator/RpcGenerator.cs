using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Framework.Rpc.Generator;

/// <summary>
/// Generates Client, Dispatch, ServiceName and the Manage extension for every
/// <c>[RpcInterface]</c> partial interface.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class RpcGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // ForAttributeWithMetadataName lets the compiler skip every file without the attribute;
        // the transform yields an equatable model, so unchanged interfaces are not re-emitted.
        var results = context.SyntaxProvider.ForAttributeWithMetadataName(
            Parser.InterfaceAttribute,
            static (node, _) => node is InterfaceDeclarationSyntax,
            static (context, cancellation) => Parser.Parse(context, cancellation));

        context.RegisterSourceOutput(results, static (output, result) =>
        {
            foreach (var diagnostic in result.Diagnostics)
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            if (result.Model is not null)
                output.AddSource(result.Model.HintName, Emitter.Emit(result.Model));
        });
    }
}

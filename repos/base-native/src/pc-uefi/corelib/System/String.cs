using System.Runtime.CompilerServices;

namespace System;

/// <summary>
/// Strings are literals frozen into the image by ilc (the kernel never builds one at run time);
/// the field layout is a contract with the compiler.
/// </summary>
public sealed class String
{
#pragma warning disable CS0649
    private readonly int _stringLength;
    private char _firstChar;
#pragma warning restore CS0649

    public int Length => _stringLength;

    [IndexerName("Chars")]
    public unsafe char this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_stringLength)
            {
                Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowIndexOutOfRangeException();
            }

            fixed (char* first = &_firstChar)
            {
                return first[index];
            }
        }
    }
}

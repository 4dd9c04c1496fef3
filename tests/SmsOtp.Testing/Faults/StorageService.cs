namespace SmsOtp.Testing;

/// <summary>A storage service behind the <see cref="StorageFaultProxy"/>; each has its own listener and fault.</summary>
public enum StorageService
{
    Blob,
    Queue,
    Table,
}

"""Search queries readers type, each with the section(s) that must come up among the first results.

Shared by the offline index test and the browser test, so both check the same promises.
"""

#: query -> acceptable result locations ("page/#anchor"); at least one must be among the first results.
CASES: dict[str, set[str]] = {
    "FIPS": {"criteria/#fips-140-validation"},
    "140-3": {"criteria/#fips-140-validation"},
    "hsm2m.medium": {"criteria/#fips-140-validation", "quotas/#cloudhsm-throughput", "quotas/#cloudhsm-limits"},
    "PKCS #11": {"criteria/#apis-and-sdks", "glossary/"},
    "PKCS#11": {"criteria/#apis-and-sdks"},
    "PKCS11": {"criteria/#apis-and-sdks"},
    "JCE": {"criteria/#apis-and-sdks", "glossary/"},
    "KSP": {"criteria/#apis-and-sdks", "glossary/"},
    "OpenSSL": {"criteria/#apis-and-sdks"},
    "XKS": {"options/kms-external-key-store/"},
    "external key store": {"options/kms-external-key-store/"},
    "HYOK": {"options/kms-external-key-store/", "options/kms-external-key-store/#kms-external-key-store-how-it-works", "glossary/"},
    "BYOK": {"options/kms-imported/", "corrections/#byok-not-cloudhsm-only"},
    "import": {"criteria/#import-export"},
    "rotation": {"criteria/#key-rotation"},
    "multi-Region": {"criteria/#multi-region"},
    "quorum": {"criteria/#quorum-authentication"},
    "CloudTrail": {"criteria/#audit-logging"},
    "quota": {"quotas/#kms-request-quotas", "criteria/#request-quotas"},
    "throughput": {"criteria/#hsm-throughput", "quotas/#cloudhsm-throughput"},
    "SLA": {"criteria/#sla"},
    "backup": {"criteria/#backup-and-recovery"},
    "price": {"cost/#prices", "criteria/#pricing-model", "criteria/#example-monthly-cost"},
    "TDE": {"glossary/", "criteria/#typical-applications", "options/cloudhsm-direct/#cloudhsm-direct-choose-when"},
    "TLS offload": {"criteria/#typical-applications"},
    "HMAC": {"criteria/#hmac-keys"},
    "ML-DSA": {"criteria/#post-quantum"},
    "AES-256": {"criteria/#symmetric-keys"},
    "latency": {"criteria/#latency"},
    "kmsuser": {"criteria/#access-control-model"},
    "deletion": {"criteria/#deletion-and-recovery"},
    "envelope encryption": {"criteria/#data-size-per-call", "glossary/"},
}

#: How many result links (pages and their sections, in display order) count as "the first results".
TOP = 10

#: Typical factual queries (a product term, a number, a standard, an API): the row that answers each must be among
#: the first three results, ahead of glossary entries.
TOP3: dict[str, set[str]] = {
    "PKCS #11": {"criteria/#apis-and-sdks"},
    "FIPS 140-3": {"criteria/#fips-140-validation"},
    "hsm2m.medium": {"criteria/#fips-140-validation", "quotas/#cloudhsm-throughput", "criteria/#hsm-throughput"},
    "1,800": {"criteria/#request-quotas", "quotas/#kms-request-quotas", "quotas/#custom-key-store-quotas"},
    "99.999%": {"criteria/#sla"},
    "Encapsulate": {"criteria/#post-quantum"},
    "ScheduleKeyDeletion": {"criteria/#deletion-and-recovery"},
    "secp256k1": {"criteria/#asymmetric-keys"},
    "CloudTrail": {"criteria/#audit-logging"},
    "multi-Region keys": {"criteria/#multi-region"},
    "Oracle TDE": {"criteria/#typical-applications"},
    "GovCloud": {"criteria/#region-availability"},
}
TOP_THREE = 3

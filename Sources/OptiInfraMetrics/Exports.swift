// `import OptiInfraMetrics` is the whole client: the API of `OptiInfraMetricsCore` (the client,
// its rows and results, the embedded transport) and, here, the HTTP transport to a ClickHouse
// server and the configuration from the environment. Programs that only embed the store (the
// `edgehouse` command) depend on the core alone and load no networking libraries: those
// (FoundationNetworking, libcurl and its TLS stack) cost 12 ms at every start.
@_exported import OptiInfraMetricsCore

// `import OptiInfraMetrics` is the whole client: the API of `OptiInfraMetricsCore` (the client,
// its rows and results), both transports — to the embedded store (`OptiInfraMetricsEmbedded`)
// and to a ClickHouse server's HTTP interface (`OptiInfraMetricsHTTP`) — and, here, the
// configuration from the environment. A program that only talks to a server depends on
// `OptiInfraMetricsHTTP` and does not link the engine; one that only embeds the store (the
// `edgehouse` command) on `OptiInfraMetricsEmbedded` and loads no networking libraries
// (FoundationNetworking, libcurl and its TLS stack cost 12 ms at every start).
@_exported import OptiInfraMetricsCore
@_exported import OptiInfraMetricsEmbedded
@_exported import OptiInfraMetricsHTTP

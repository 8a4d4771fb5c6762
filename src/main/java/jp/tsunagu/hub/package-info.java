/**
 * Data hub: an NGSI-LD context broker (ETSI GS CIM 009) inside Tsunagu, under {@code /ngsi-ld/v1/}.
 * Partner services and FIWARE tools publish and read city data (exchange-area devices, points of
 * interest, snow and weather) as NGSI-LD entities with a Sapporo Smart ID token ({@code hub.read},
 * {@code hub.write}). Requests are JSON-LD: each names its {@code @context} (Link header or body);
 * entities are expanded with titanium-json-ld and kept expanded, so any context reads them; answers
 * are compacted with the context the request names, the NGSI-LD core context served from the
 * class path (never fetched). See docs/hub.md for what of the standard is here and what is not yet.
 */
@NullMarked
package jp.tsunagu.hub;

import org.jspecify.annotations.NullMarked;

/**
 * Reference networks with SpikingJelly's layer order and state-dict names: the Fashion-MNIST CSNN, the PLIF paper's nets with VotingLayer, the SEW-ResNet family (basic and bottleneck blocks, ResNeXt, wide).
 */
package org.neurospark.snn.models;

/**
 * Reference networks with SpikingJelly's layer order and state-dict names: the Fashion-MNIST CSNN, the PLIF paper's nets with VotingLayer, SEW-ResNet.
 */
package org.neurospark.snn.models;

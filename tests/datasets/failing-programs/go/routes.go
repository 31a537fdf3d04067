package main

import "strconv"

type Carrier struct {
	Name string
	Rate float64
}

var carriers = map[string]*Carrier{"dhl": {Name: "DHL", Rate: 4.5}}

var zones map[string]int

func carrierRate(code string) float64 {
	carrier := carriers[code]
	return carrier.Rate
}

func assignZone(postcode string, zone int) {
	zones[postcode] = zone
}

func trackingDigit(tracking []int, position int) int {
	return tracking[position]
}

func parseWeight(text string) (int, error) {
	return strconv.Atoi(text)
}

func costPerParcel(total int, parcels int) int {
	return total / parcels
}
